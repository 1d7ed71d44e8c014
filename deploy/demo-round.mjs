// One demo round's line: what the enclave signed, checked with ethers.
//   node deploy/demo-round.mjs JOB.json RESULT.json JSON(0|1)   (JOB.json is for the reader)
import { readFileSync } from "node:fs";
import { recoverAddress } from "ethers";
import { reportDigest } from "../enclave-tls/tests/peers/report_eip712.mjs";

const [, resultPath, jsonFlag] = process.argv.slice(2);
const r = JSON.parse(readFileSync(resultPath, "utf8"));

if (!r.ok) {
  const line = { round: r.round ?? null, ok: false, error: r.error };
  console.log(jsonFlag === "1" ? JSON.stringify(line) : `round ${line.round}: FAILED ${r.error.code}: ${r.error.detail}`);
  process.exit(0);
}

const report = r.reports[0];
const digest = reportDigest(r, report);
const recovered = recoverAddress(digest, report.signature).toLowerCase();
const verified = digest === report.digest && recovered === r.signer.toLowerCase();
const scale = 10n ** BigInt(r.decimals);
const asPrice = (v) => `${BigInt(v) / scale}.${(BigInt(v) % scale).toString().padStart(r.decimals, "0")}`;
const price = asPrice(r.value);
const line = {
  round: r.round,
  ok: true,
  simulated: r.simulated,
  value: r.value,
  price,
  sources: r.sources.map((s) => `${s.host} ${s.value !== undefined ? asPrice(s.value) : s.error?.code}`),
  observed_at: r.observed_at,
  signer: r.signer,
  digest: report.digest,
  ethers_verified: verified,
  feed_id: r.feed_id,
};
if (jsonFlag === "1") {
  console.log(JSON.stringify(line));
} else {
  const sims = r.simulated ? " [SIMULATED enclave]" : "";
  console.log(`round ${line.round}: BTC-USD ${price} (median of ${line.sources.join(", ")})`);
  console.log(`  signed by ${r.signer}${sims}, digest ${report.digest.slice(0, 18)}..., ` +
    `ethers ${verified ? "recovers the signer: OK" : "DISAGREES"}`);
}
if (!verified) process.exit(1);

