// The referee for the ICS-23 differential tests and benchmark: @confio/ics23 (npm), the
// JavaScript implementation from the ICS-23 authors.
//   node ics23-peer.cjs verify CASES.json      -> one JSON line: [{ok, root?, reencoded?}, ...] per case
//   node ics23-peer.cjs bench CASES.json MS W   -> W windows of MS ms each over the valid cases: {rates:[...]}
// A case: {kind: "exist"|"nonexist", spec: "iavl"|"tendermint", root, key, value?, proof} (hex strings;
// proof is the CommitmentProof encoding).
'use strict';
const fs = require('fs');
const { ics23, verifyMembership, verifyNonMembership, calculateExistenceRoot, iavlSpec, tendermintSpec } = require('@confio/ics23');

const [mode, file, ms, windows] = process.argv.slice(2);
const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const specs = { iavl: iavlSpec, tendermint: tendermintSpec };
const cases = JSON.parse(fs.readFileSync(file, 'utf8')).map((c) => ({
  kind: c.kind,
  spec: specs[c.spec],
  root: hex(c.root),
  key: hex(c.key),
  value: c.value === undefined ? undefined : hex(c.value),
  proofBytes: hex(c.proof),
}));
if (cases.some((c) => !c.spec)) throw new Error('unknown spec in cases');

// Decoding is part of verification on both sides: the C# figure includes it too.
function verify(c) {
  let proof;
  try {
    proof = ics23.CommitmentProof.decode(c.proofBytes);
  } catch (e) {
    return { ok: false, decode: false };
  }
  let ok;
  try {
    ok = c.kind === 'exist'
      ? verifyMembership(proof, c.spec, c.root, c.key, c.value)
      : verifyNonMembership(proof, c.spec, c.root, c.key);
  } catch (e) {
    ok = false; // a refusal either way; verifyMembership itself returns false rather than throwing
  }
  return { ok, proof };
}

function verifyWithRoot(c) {
  const { ok, proof } = verify(c);
  let root;
  if (c.kind === 'exist' && proof && proof.exist) {
    try { root = Buffer.from(calculateExistenceRoot(proof.exist)).toString('hex'); } catch (e) { root = undefined; }
  }
  // What protobufjs made of the bytes, encoded again: shows when a refused encoding carried the same proof.
  const reencoded = proof ? Buffer.from(ics23.CommitmentProof.encode(proof).finish()).toString('hex') : undefined;
  return { ok, root, reencoded };
}

if (mode === 'verify') {
  process.stdout.write(JSON.stringify(cases.map(verifyWithRoot)) + '\n');
} else if (mode === 'bench') {
  const windowMs = Number(ms), count = Number(windows);
  for (const c of cases) if (!verify(c).ok) throw new Error('bench case does not verify');
  const rates = [];
  const until = (t) => { let n = 0, i = 0; const end = process.hrtime.bigint() + BigInt(Math.round(t * 1e6)); while (process.hrtime.bigint() < end) { for (let k = 0; k < 16; k++) { if (!verify(cases[i]).ok) throw new Error('failed'); i = (i + 1) % cases.length; n++; } } return n; };
  until(Math.min(windowMs, 500)); // warm-up
  for (let w = 0; w < count; w++) {
    const start = process.hrtime.bigint();
    const n = until(windowMs);
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(n / secs);
  }
  process.stdout.write(JSON.stringify({ rates }) + '\n');
} else {
  console.error('usage: ics23-peer.cjs verify|bench CASES.json [MS WINDOWS]');
  process.exit(2);
}
