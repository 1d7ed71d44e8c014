#!/usr/bin/env bash
# Tendermint light client verification rate (ibc/ics07-tendermint) beside the raw ed25519 floor: a seeded
# 100-validator chain, a trusted block at h and blocks at h+1 (adjacent) and h+10 (skipping, trust 1/3) signed by all;
# the full LightClient.Verify against the same (key, sign bytes, signature) triples through plain Ed25519.Verify.
# Windows alternate between the sides; the figures are medians.
#   bench/ibc/light/run.sh [--json] [--windows N] [--window-ms MS] [--seed S] [--random-power]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$root/build/bench-ibc-light
(cd "$root" && dotnet build "$here/LightBench.csproj" -c Release -o build/bench-ibc-light -nologo -v quiet -clp:ErrorsOnly >&2)
exec dotnet "$out/light-bench.dll" "$@"
