#!/usr/bin/env bash
# Gas of one attested submit beside RedStone's store, both measured in this run on the same anvil.
#   bench/gas/run.sh [--json]
# RedStone: /work/shared/tools/peer-gas/redstone/run.sh (installs its npm packages into
# /tmp/peer-gas-redstone on first use). Chainlink Data Streams and Pyth are printed as published figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
anvil=${ANVIL:-$root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
peer=${PEER_GAS_REDSTONE:-$root/../shared/tools/peer-gas/redstone/run.sh}
rs=$(mktemp)
trap 'rm -f "$rs"' EXIT
if ! "$peer" "$anvil" > "$rs"; then
  echo "bench/gas: RedStone's run failed ($peer)" >&2
  exit 1
fi
cd "$root"
ANVIL="$anvil" node bench/gas/run.mjs --redstone "$rs" "$@"
