#!/usr/bin/env bash
# Signed Cosmos transactions per second: Oracle.Cosmos beside @cosmjs/proto-signing 0.36 (DirectSecp256k1Wallet),
# same N prepared MsgSend inputs, same key, same run. One operation builds TxBody, AuthInfo and SignDoc bytes,
# signs (sha256, RFC 6979 secp256k1, low S) and encodes the TxRaw. Each side runs ROUNDS times, alternating, each
# time WINDOWS windows of WINDOW_MS after a 1 s warm-up; the figures are medians over all windows.
#   bench/ibc/cosmos-tx/run.sh [--json]     (N=1000 ROUNDS=3 WINDOWS=5 WINDOW_MS=1000 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
n=${N:-1000} rounds=${ROUNDS:-3} windows=${WINDOWS:-5} window_ms=${WINDOW_MS:-1000}
out=$root/build/bench-cosmos-tx
(cd "$root" && dotnet build "$here/TxBench.csproj" -c Release -o build/bench-cosmos-tx -nologo -v quiet -clp:ErrorsOnly >&2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet "$out/cosmos-tx-bench.dll" gen "$n" "$tmp/inputs.json"
for r in $(seq 1 "$rounds"); do
  dotnet "$out/cosmos-tx-bench.dll" run "$tmp/inputs.json" "$windows" "$window_ms" > "$tmp/ours-$r.json"
  (cd "$root" && node "$here/cosmjs.mjs" "$root" "$tmp/inputs.json" "$windows" "$window_ms") > "$tmp/peer-$r.json"
done
node - "$tmp" "$rounds" "$n" "${1:-}" <<'JS'
const fs = require('fs');
const [dir, rounds, n, flag] = process.argv.slice(2);
const load = (name) => Array.from({ length: Number(rounds) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/${name}-${i + 1}.json`, 'utf8')));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ours = load('ours'), peer = load('peer');
const firsts = new Set([...ours, ...peer].map(r => r.firstTxRaw));
if (firsts.size !== 1) { console.error(`TxRaw bytes of the first tx differ:\n${[...firsts].join('\n')}`); process.exit(1); }
const o = median(ours.flatMap(r => r.rates)), p = median(peer.flatMap(r => r.rates));
const result = {
  bench: 'cosmos-tx',
  workload: `${n} prepared MsgSend txs, one key: TxBody + AuthInfo + SignDoc bytes, sign, TxRaw`,
  first_tx_raw_identical: true,
  first_tx_raw_bytes: [...firsts][0].length / 2,
  ours_per_s: +o.toFixed(1),
  cosmjs_per_s: +p.toFixed(1),
  ratio: +(o / p).toFixed(2),
  target: 'ours >= 5x cosmjs',
  met: o / p >= 5,
};
if (flag === '--json') { console.log(JSON.stringify(result)); process.exit(0); }
console.log(`Signed Cosmos txs/s (${result.workload}); first TxRaw identical on both sides (${result.first_tx_raw_bytes} bytes)`);
console.log(`  Oracle.Cosmos (libsecp256k1)            ${result.ours_per_s.toFixed(1).padStart(10)} /s   ${result.ratio.toFixed(2)}x cosmjs`);
console.log(`  @cosmjs/proto-signing 0.36 (JS)         ${result.cosmjs_per_s.toFixed(1).padStart(10)} /s`);
console.log(`  target: ${result.target}: ${result.met ? 'met' : 'NOT met'}`);
JS
