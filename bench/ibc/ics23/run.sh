#!/usr/bin/env bash
# ICS-23 verifications per second: Oracle.Ibc.Ics23 beside @confio/ics23 (npm), on the same proofs
# (256 IAVL existence and non-existence proofs from random trees of up to 4096 entries, seeded), in the
# same run. Each side decodes the proof bytes and verifies against the root with the IAVL spec.
# ROUNDS rounds, alternating sides, each WINDOWS windows of WINDOW_MS after a warm-up; medians over windows.
#   bench/ibc/ics23/run.sh [--json]     (ROUNDS=3 WINDOWS=5 WINDOW_MS=1000 SEED=7 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
rounds=${ROUNDS:-3} windows=${WINDOWS:-5} window_ms=${WINDOW_MS:-1000} seed=${SEED:-7}
out=$root/build/bench-ics23
dotnet build "$here/Ics23Bench.csproj" -c Release -o "$out" -nologo -v quiet -clp:ErrorsOnly >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet "$out/ics23-bench.dll" gen "$tmp/cases.json" 256 "$seed"
peer=$root/ibc/Oracle.Ibc.Tests/peers/ics23-peer.cjs
# Both sides must accept every proof before anything is timed.
(cd "$root" && node "$peer" verify "$tmp/cases.json") | node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8")); if (v.some(x=>!x.ok)) { console.error("confio refuses a bench proof"); process.exit(1); }'
for r in $(seq 1 "$rounds"); do
  dotnet "$out/ics23-bench.dll" run "$tmp/cases.json" "$window_ms" "$windows" > "$tmp/ours-$r.json"
  (cd "$root" && node "$peer" bench "$tmp/cases.json" "$window_ms" "$windows") > "$tmp/peer-$r.json"
done
node - "$tmp" "$rounds" "${1:-}" <<'JS'
const fs = require('fs');
const [dir, rounds, flag] = process.argv.slice(2);
const rates = (name) => Array.from({ length: Number(rounds) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/${name}-${i + 1}.json`, 'utf8')).rates).flat();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ours = median(rates('ours')), peer = median(rates('peer'));
const result = {
  bench: 'ics23',
  proofs: '256 IAVL proofs (existence and non-existence), trees of up to 4096 entries; decode + verify',
  ours_per_s: +ours.toFixed(0),
  confio_per_s: +peer.toFixed(0),
  ratio: +(ours / peer).toFixed(2),
  target: 'ours >= 3x @confio/ics23',
  met: ours / peer >= 3,
};
if (flag === '--json') { console.log(JSON.stringify(result)); process.exit(0); }
console.log(`ICS-23 verification (${result.proofs})`);
console.log(`  Oracle.Ibc.Ics23            ${String(result.ours_per_s).padStart(9)} /s   ${result.ratio.toFixed(2)}x`);
console.log(`  @confio/ics23 0.6.8 (JS)    ${String(result.confio_per_s).padStart(9)} /s`);
console.log(`  target: ${result.target}: ${result.met ? 'met' : 'NOT met'}`);
JS
