#!/usr/bin/env bash
# DCAP quote verification rate: Oracle.Attestation beside @phala/dcap-qvl (npm, pure JS), same
# quote (the Phala sample, ../shared/vectors), same collateral, same verification time, same run.
# Each side runs ROUNDS times, alternating, each time WINDOWS windows of WINDOW_MS after a warm-up;
# the figures are medians over all windows.
#   bench/attest/run.sh [--json]        (ROUNDS=3 WINDOWS=5 WINDOW_MS=1000 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vectors=$root/../shared/vectors/sgx-dcap/phala-dcap-qvl/sample
quote=$vectors/sgx_quote
collateral=$vectors/sgx_quote_collateral.json
at=1751328000 # 2025-07-01T00:00:00Z
rounds=${ROUNDS:-3} windows=${WINDOWS:-5} window_ms=${WINDOW_MS:-1000}
out=$root/build/bench-attest
dotnet build "$here/AttestBench.csproj" -c Release -o "$out" -nologo -v quiet -clp:ErrorsOnly >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$rounds"); do
  dotnet "$out/attest-bench.dll" "$quote" "$collateral" $at "$windows" "$window_ms" cached > "$tmp/ours-cached-$r.json"
  dotnet "$out/attest-bench.dll" "$quote" "$collateral" $at "$windows" "$window_ms" parse > "$tmp/ours-parse-$r.json"
  (cd "$root" && node "$here/qvl.cjs" "$quote" "$collateral" $at "$windows" "$window_ms") > "$tmp/peer-$r.json"
done
node - "$tmp" "$rounds" "${1:-}" <<'JS'
const fs = require('fs');
const [dir, rounds, flag] = process.argv.slice(2);
const load = (name) => Array.from({ length: Number(rounds) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/${name}-${i + 1}.json`, 'utf8')));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const side = (runs) => ({ median: median(runs.flatMap(r => r.rates)), status: runs[0].status, advisories: runs[0].advisory_ids.join(',') });
const cached = side(load('ours-cached')), parse = side(load('ours-parse')), peer = side(load('peer'));
for (const s of [cached, parse]) {
  if (s.status !== peer.status || s.advisories !== peer.advisories) { console.error(`verdicts differ: ours ${s.status} ${s.advisories}, dcap-qvl ${peer.status} ${peer.advisories}`); process.exit(1); }
}
const result = {
  quote: 'phala sample (SGX v3, FMSPC 00A067110000), verified at 2025-07-01T00:00:00Z',
  verdict: `${peer.status} [${peer.advisories}] (both)`,
  ours_cached_per_s: +cached.median.toFixed(1),
  ours_parse_per_s: +parse.median.toFixed(1),
  dcap_qvl_per_s: +peer.median.toFixed(1),
  ratio_cached: +(cached.median / peer.median).toFixed(2),
  ratio_parse: +(parse.median / peer.median).toFixed(2),
  target: 'ours >= 2x dcap-qvl (collateral cached)',
};
if (flag === '--json') { console.log(JSON.stringify(result)); process.exit(0); }
console.log(`DCAP quote verification (${result.quote}); verdict ${result.verdict}`);
console.log(`  Oracle.Attestation, collateral cached   ${result.ours_cached_per_s.toFixed(1).padStart(8)} /s   ${result.ratio_cached.toFixed(2)}x dcap-qvl`);
console.log(`  Oracle.Attestation, collateral parsed   ${result.ours_parse_per_s.toFixed(1).padStart(8)} /s   ${result.ratio_parse.toFixed(2)}x dcap-qvl`);
console.log(`  @phala/dcap-qvl 0.3.9 (JS)              ${result.dcap_qvl_per_s.toFixed(1).padStart(8)} /s`);
console.log(`  target: ${result.target}: ${result.ratio_cached >= 2 ? 'met' : 'NOT met'}`);
JS
