#!/usr/bin/env bash
# Gas of on-demand requests (OracleRequests.request/fulfill, quorum 1 and 2) and of a pull proof
# verified inside a consumer call (OracleProof via ExampleConsumer: peek - nop, calldata included),
# beside RedStone's marginal verification measured in the same run on the same anvil binary
# (../shared/tools/peer-gas/redstone/run.sh, which installs its npm packages into $PEER_GAS_CACHE,
# default /tmp/peer-gas-redstone, on first use).
#   bench/requests/run.sh [--json] [--samples N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
anvil=${ANVIL:-$root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
peer=${PEER_GAS_REDSTONE:-$root/../shared/tools/peer-gas/redstone/run.sh}
export PEER_GAS_CACHE=${PEER_GAS_CACHE:-/tmp/peer-gas-redstone}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$peer" "$anvil" > "$tmp/rs.json"; then
  echo "bench/requests: RedStone's run failed ($peer)" >&2
  exit 1
fi
cd "$root"
ANVIL="$anvil" node bench/requests/gas.mjs --redstone "$tmp/rs.json" "$@"

# Request-to-fulfilment latency in blocks: the devnet (anvil with a block every second, the real sim
# enclave, local HTTPS exchanges, the relayer answering requests with 0 confirmations) and N requests
# through ExampleRequester, one every 2 s (./oracle devnet --requests N).
cli=$root/build/cli/oracle-cli.dll
if [ ! -f "$cli" ]; then
  echo "bench/requests: $cli missing; run ./oracle bench requests (it builds it)" >&2
  exit 1
fi
requests=${BENCH_REQUESTS:-30}
dotnet "$cli" devnet --rounds 1 --interval 5 --requests "$requests" --json --work "$tmp/devnet" > "$tmp/devnet.jsonl" 2> "$tmp/devnet.err" || {
  echo "bench/requests: the devnet run failed:" >&2; tail -20 "$tmp/devnet.err" >&2; exit 1; }
node "$here/latency.mjs" "$tmp/devnet.jsonl" "$@"
