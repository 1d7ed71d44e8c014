// The compact proof and its EIP-712 signature (DESIGN.md section 4), as the enclave produces them
// (enclave-tls/trusted/report.c). Tests and bench/gas sign with a test key in this exact format.
import { TypedDataEncoder, Signature, concat, toBeHex, zeroPadValue, getBytes, hexlify, toTwos } from 'ethers';

export const REPORT_TYPES = {
  Report: [
    { name: 'feedId', type: 'bytes32' },
    { name: 'requestId', type: 'bytes32' },
    { name: 'round', type: 'uint64' },
    { name: 'value', type: 'int256' },
    { name: 'data', type: 'bytes' },
    { name: 'observedAt', type: 'uint64' },
    { name: 'sourcesHash', type: 'bytes32' },
  ],
};

/** The EIP-712 domain of one verifying contract on one chain. */
export function reportDomain(chainId, verifyingContract) {
  return { name: 'AttestedOracle', version: '1', chainId, verifyingContract };
}

/** Signs a report as the enclave does: EIP-712 digest, recoverable low-s signature, v 27/28. */
export function signReport(wallet, domain, report) {
  return wallet.signingKey.sign(TypedDataEncoder.hash(domain, REPORT_TYPES, report));
}

const be = (v, bytes) => zeroPadValue(toBeHex(v), bytes);

/**
 * Encodes the compact proof. `signatures` are ethers Signatures or {r, s, v} objects;
 * `opts.version` and `opts.sigCount` override the header bytes (for malformed-proof tests).
 */
export function encodeProof(report, signatures, opts = {}) {
  const data = getBytes(report.data ?? '0x');
  const sigs = signatures.map((s) => concat([be(s.r, 32), be(s.s, 32), be(s.v, 1)]));
  return hexlify(concat([
    be(opts.version ?? 1, 1),
    report.feedId,
    report.requestId,
    be(report.round, 8),
    be(toTwos(report.value, 256), 32),
    be(report.observedAt, 8),
    report.sourcesHash,
    be(data.length, 2),
    data,
    be(opts.sigCount ?? signatures.length, 1),
    ...sigs,
  ]));
}

/** Signs and encodes in one step. */
export function makeProof(wallet, domain, report) {
  return encodeProof(report, [signReport(wallet, domain, report)]);
}

/** Wallets ordered by address, strictly ascending: the order quorum proofs carry their signatures in. */
export function byAddress(wallets) {
  return [...wallets].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : BigInt(a.address) > BigInt(b.address) ? 1 : 0));
}

/** A proof signed by every wallet in `wallets`, signatures ordered by signer address (quorum mode). */
export function makeQuorumProof(wallets, domain, report) {
  return encodeProof(report, byAddress(wallets).map((w) => signReport(w, domain, report)));
}

/**
 * A proof for OracleRequests.fulfill: `report` with round = `leader`, the attempt whose enclave executed
 * (the contract names that signer in RequestFulfilled.leader and reverts RoundNotASignersAttempt
 * unless some signer was elected by attempt `round`), signed by the enclaves of `attempts`
 * (`elected[a]`: the wallet elected by attempt a), signatures ordered by signer address.
 * `leader` defaults to the first of `attempts`.
 */
export function makeRequestProof(elected, attempts, domain, report, leader = attempts[0]) {
  if (!attempts.includes(leader)) throw new Error(`leader attempt ${leader} is not among the signing attempts ${attempts}`);
  return makeQuorumProof(attempts.map((a) => elected[a]), domain, { ...report, round: BigInt(leader) });
}

export { Signature };
