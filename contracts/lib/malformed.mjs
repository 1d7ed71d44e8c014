// Malformed compact proofs for the entry points that take 1 to 16 signatures (OracleRequests.fulfill,
// OracleProof through ExampleConsumer). Each row changes one thing of a valid proof with ONE
// signature and empty data (213 bytes) and names the IAttestedReportErrors error it must revert with.
import { ZeroHash, concat, dataLength, dataSlice, toBeHex, zeroPadValue } from 'ethers';

/** secp256k1's group order: s and n - s are the two valid s of one signature. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const sig = (p) => dataSlice(p, 148, 213);
const head = (p) => dataSlice(p, 0, 147);

/** Rows {name, malleate(proof) -> bad proof, err, args} for a valid 213-byte one-signature proof (args: the error's exact arguments). */
export const MALFORMED_PROOFS = [
  { name: 'too short', malleate: (p) => dataSlice(p, 0, 100), err: 'ProofTooShort', args: [100n] },
  { name: 'empty', malleate: () => '0x', err: 'ProofTooShort', args: [0n] },
  { name: 'header only', malleate: (p) => dataSlice(p, 0, 147), err: 'ProofTooShort', args: [147n] },
  {
    name: 'data longer than the proof',
    malleate: (p) => concat([dataSlice(p, 0, 145), '0x00ff', dataSlice(p, 147)]),
    err: 'ProofTooShort', args: [213n],
  },
  { name: 'version 2', malleate: (p) => concat(['0x02', dataSlice(p, 1)]), err: 'UnsupportedVersion', args: [2n] },
  { name: 'version 0', malleate: (p) => concat(['0x00', dataSlice(p, 1)]), err: 'UnsupportedVersion', args: [0n] },
  { name: 'one byte too long', malleate: (p) => concat([p, '0x00']), err: 'ProofLengthMismatch', args: [213n, 214n] },
  { name: 'one byte too short', malleate: (p) => dataSlice(p, 0, 212), err: 'ProofLengthMismatch', args: [213n, 212n] },
  {
    name: 'sigCount 2 with one signature',
    malleate: (p) => concat([head(p), '0x02', sig(p)]),
    err: 'ProofLengthMismatch', args: [278n, 213n],
  },
  {
    // sigCount is then read from the byte after the one data byte (r's first byte, 0x05).
    name: 'dataLen 1 without the byte',
    malleate: (p) => concat([dataSlice(p, 0, 145), '0x0001', dataSlice(p, 147, 148), '0x05', dataSlice(p, 149)]),
    err: 'ProofLengthMismatch', args: [149n + 5n * 65n, 213n],
  },
  { name: '0 signatures', malleate: (p) => concat([head(p), '0x00']), err: 'SignatureCountUnsupported', args: [0n] },
  {
    name: '17 signatures',
    malleate: (p) => concat([head(p), '0x11', ...Array(17).fill(sig(p))]),
    err: 'SignatureCountUnsupported', args: [17n],
  },
  {
    name: '255 signatures',
    malleate: (p) => concat([head(p), '0xff', ...Array(255).fill(sig(p))]),
    err: 'SignatureCountUnsupported', args: [255n],
  },
  { name: 'v = 0', malleate: (p) => concat([dataSlice(p, 0, 212), '0x00']), err: 'InvalidSignature', args: [] },
  { name: 'v = 1', malleate: (p) => concat([dataSlice(p, 0, 212), '0x01']), err: 'InvalidSignature', args: [] },
  { name: 'v = 29', malleate: (p) => concat([dataSlice(p, 0, 212), '0x1d']), err: 'InvalidSignature', args: [] },
  {
    name: 'high s (the malleable twin)',
    malleate: (p) => {
      const s = BigInt(dataSlice(p, 180, 212));
      const v = Number(dataSlice(p, 212, 213));
      return concat([dataSlice(p, 0, 180), zeroPadValue(toBeHex(SECP256K1_N - s), 32), toBeHex(v === 27 ? 28 : 27, 1)]);
    },
    err: 'InvalidSignature', args: [],
  },
  { name: 'r = 0', malleate: (p) => concat([dataSlice(p, 0, 148), ZeroHash, dataSlice(p, 180)]), err: 'InvalidSignature', args: [] },
];

/** Throws unless `proof` is the shape the rows expect. */
export function assertBaseProof(proof) {
  if (dataLength(proof) !== 213) throw new Error(`malformed rows need a 213-byte proof, got ${dataLength(proof)}`);
}
