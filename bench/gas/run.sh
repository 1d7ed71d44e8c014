#!/usr/bin/env bash
# The EVM loop's benchmark, every figure measured in this run:
#  1. gas of one attested submit beside RedStone's store on the same anvil binary
#     (../shared/tools/peer-gas/redstone/run.sh, which installs its npm packages into
#     $PEER_GAS_CACHE, default /tmp/peer-gas-redstone, on first use), and beside RedStone with a
#     value that changes every round (bench/gas/redstone_moving.cjs, same packages); Chainlink Data
#     Streams and Pyth as published figures;
#  2. the devnet end to end (real sim enclave, local HTTPS exchanges, relayer, anvil with a block
#     every second): gas of the real submissions, request-to-included latency in blocks, and the
#     relayer's CPU time per round (exchanges in their own process).
#   bench/gas/run.sh [--json]      (./oracle bench gas builds what it needs first)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
anvil=${ANVIL:-$root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
peer=${PEER_GAS_REDSTONE:-$root/../shared/tools/peer-gas/redstone/run.sh}
export PEER_GAS_CACHE=${PEER_GAS_CACHE:-/tmp/peer-gas-redstone}
rounds=${BENCH_ROUNDS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$peer" "$anvil" > "$tmp/rs.json"; then
  echo "bench/gas: RedStone's run failed ($peer)" >&2
  exit 1
fi
node "$here/redstone_moving.cjs" "$PEER_GAS_CACHE" "$anvil" > "$tmp/rs-moving.json"
cd "$root"
ANVIL="$anvil" node bench/gas/run.mjs --redstone "$tmp/rs.json" --redstone-moving "$tmp/rs-moving.json" "$@" > "$tmp/gas.out"

cli=$root/build/cli/oracle-cli.dll
if [ ! -f "$cli" ]; then
  echo "bench/gas: $cli missing; run ./oracle bench gas (it builds it)" >&2
  exit 1
fi
dotnet "$cli" devnet --rounds "$rounds" --interval 2 --history 0 --json --work "$tmp/devnet" > "$tmp/devnet.jsonl" 2> "$tmp/devnet.err" || {
  echo "bench/gas: the devnet run failed:" >&2; tail -20 "$tmp/devnet.err" >&2; exit 1; }
node "$here/devnet_summary.mjs" "$tmp/gas.out" "$tmp/devnet.jsonl" "$@"
