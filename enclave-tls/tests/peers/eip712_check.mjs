// Independent referee for what the enclave signs, computed with ethers (npm).
//
// stdin:  {"job": <the job spec the enclave ran> | "job_text": <the job as the text it was given>,
//          "result": <the enclave's execute output>,
//          "private_key"?: <hex, the enclave's key when a test could unseal it (sim only)>}
// stdout: {"feed_id", "sources_hash" (null when the result has no transcript),
//          "text_is_canonical"? (job_text only: JCS(JSON.parse(text)) === text),
//          "error_marker": keccak256("AttestedOracle/error/v1"),
//          "reports": [{"digest", "recovered", "proof": {...},
//          "ethers_signature"?: ethers' own RFC 6979 signature over the digest (r||s||v)}]}
//
// Everything is recomputed from the semantic fields (host, port, hashes, value,
// round, ...), never from the enclave's own digest, so a wrong encoding on
// either side shows up as a mismatch in the C++ test that calls this.
import { AbiCoder, SigningKey, TypedDataEncoder, concat, getBytes, hexlify, keccak256, recoverAddress, toUtf8Bytes } from "ethers";
import { reportDigest, sourceTypes } from "./report_eip712.mjs";

const ZERO32 = "0x" + "00".repeat(32);

// RFC 8785 for the JSON this project signs (integers only): keys sorted by
// UTF-16 code units, which is what Array.prototype.sort compares.
function canonicalize(v) {
  if (Array.isArray(v)) return "[" + v.map(canonicalize).join(",") + "]";
  if (v !== null && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonicalize(v[k])).join(",") + "}";
  }
  return JSON.stringify(v);
}

function sourcesHash(result) {
  const leaves = result.sources.map((s) =>
    TypedDataEncoder.hashStruct("SourceCommitment", sourceTypes, {
      host: s.host,
      port: s.port,
      spkiHash: s.spki_sha256 ?? ZERO32,
      requestHash: s.request_sha256,
      status: s.status,
      bodyHash: s.body_sha256 ?? ZERO32,
      value: s.ok && s.value !== undefined ? BigInt(s.value) : 0n,
      data: s.ok && s.data !== undefined ? s.data : "0x",
      outcome: s.outcome,
    }),
  );
  return keccak256(leaves.length ? concat(leaves) : "0x");
}

function decodeProof(hex) {
  const b = getBytes(hex);
  let o = 0;
  const take = (n) => { const s = b.slice(o, o + n); o += n; return s; };
  const uint = (n) => BigInt(hexlify(take(n)));
  const p = {};
  p.length = b.length;
  p.version = Number(uint(1));
  p.feedId = hexlify(take(32));
  p.requestId = hexlify(take(32));
  p.round = uint(8).toString();
  p.value = AbiCoder.defaultAbiCoder().decode(["int256"], take(32))[0].toString();
  p.observedAt = uint(8).toString();
  p.sourcesHash = hexlify(take(32));
  const dataLen = Number(uint(2));
  p.data = hexlify(take(dataLen));
  const sigCount = Number(uint(1));
  p.signatures = [];
  for (let i = 0; i < sigCount; i++) p.signatures.push(hexlify(take(65)));
  p.trailing = b.length - o;
  return p;
}

const input = JSON.parse(await new Response(process.stdin).text());
const { job, result } = input;
const signer = input.private_key ? new SigningKey(input.private_key) : null;
const out = {
  feed_id: keccak256(toUtf8Bytes(input.job_text !== undefined ? input.job_text : canonicalize(job))),
  sources_hash: result.sources ? sourcesHash(result) : null,
  error_marker: keccak256(toUtf8Bytes("AttestedOracle/error/v1")),
  reports: [],
};
if (input.job_text !== undefined) {
  try {
    out.text_is_canonical = canonicalize(JSON.parse(input.job_text)) === input.job_text;
  } catch {
    out.text_is_canonical = false; // not JSON at all
  }
}
for (const r of result.reports ?? []) {
  const digest = reportDigest(result, r);
  const entry = { digest, recovered: recoverAddress(digest, r.signature), proof: decodeProof(r.proof) };
  if (signer) entry.ethers_signature = signer.sign(digest).serialized;
  out.reports.push(entry);
}
process.stdout.write(JSON.stringify(out) + "\n");
