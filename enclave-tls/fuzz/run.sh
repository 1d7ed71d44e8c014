#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for SECONDS (default 20)
# on a scratch copy of its seed corpus. Fails on any crash, leak or timeout.
#
#   enclave-tls/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${ORACLE_FUZZ_BUILD_DIR:-$root/build/fuzz}
cc=$(command -v clang-14 || command -v clang || true)
cxx=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$cc" ] || { echo "fuzz: clang is missing: run deploy/setup.sh" >&2; exit 2; }

CC=$cc CXX=$cxx cmake -S "$root/enclave-tls" -B "$build" -DORACLE_FUZZ=ON -DORACLE_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_http_response fuzz_json_pointer fuzz_job_spec >/dev/null

work=$(mktemp -d /tmp/oracle-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for h in fuzz_http_response:http_response fuzz_json_pointer:json_pointer fuzz_job_spec:job_spec; do
  bin=${h%%:*}
  corpus=${h##*:}
  mkdir -p "$work/$corpus"
  cp "$here/corpus/$corpus/"* "$work/$corpus/" 2>/dev/null || true
  if "$build/fuzz/$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/" "$work/$corpus" > "$work/$bin.log" 2>&1; then
    echo "fuzz: $bin: $(grep -E '^stat::number_of_executed_units' "$work/$bin.log" | awk '{print $2}') executions in ${seconds}s, no crash"
  else
    echo "fuzz: $bin FAILED; its log follows" >&2
    tail -60 "$work/$bin.log" >&2
    mkdir -p "$root/build/fuzz-artifacts"
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$root/build/fuzz-artifacts/" 2>/dev/null || true
    status=1
  fi
done
exit $status
