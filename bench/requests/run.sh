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
