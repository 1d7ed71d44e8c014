#!/usr/bin/env bash
# Issue 6's three figures in one run, each beside its peer measured in the same run on the same input:
#   ics23      ICS-23 verifications per second, Oracle.Ibc.Ics23 beside @confio/ics23   (target >= 3x)
#   light      light-client verifications per second of a 100-validator commit beside the raw ed25519
#              verifications it contains                                               (target within 1.5x)
#   cosmos-tx  signed Cosmos transactions per second beside @cosmjs                     (target >= 5x)
#   bench/ibc/run.sh [--json]     (./oracle bench ibc; each part's knobs are in its own run.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--json" ]; then
  printf '['
  "$here/ics23/run.sh" --json; printf ','
  "$here/light/run.sh" --json; printf ','
  "$here/cosmos-tx/run.sh" --json
  printf ']\n'
  exit 0
fi
"$here/ics23/run.sh"; echo
"$here/light/run.sh"; echo
"$here/cosmos-tx/run.sh"
