#!/usr/bin/env bash
# Every test: the enclave's C suites (unit, integration against nginx and
# openssl s_server, valgrind memcheck, trusted-import check), the same suites
# under AddressSanitizer and UBSan, a bounded libFuzzer run per harness, the
# contracts' tests on anvil, and every .NET test project.
#
#   deploy/test.sh        (./oracle test runs this after deploy/setup.sh)
# Environment: ORACLE_FUZZ_SECONDS (default 20) per harness.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
step() { printf '\n== %s\n' "$*"; }

step "enclave-tls: build (sim backend)"
cmake -S enclave-tls -B build/enclave-tls -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/enclave-tls -j"$jobs"

step "enclave-tls: tests"
(cd build/enclave-tls && ctest --output-on-failure -j1)

step "enclave-tls: tests under AddressSanitizer + UBSan (valgrind suite excluded: it checks the plain build)"
cmake -S enclave-tls -B build/enclave-tls-asan -DCMAKE_BUILD_TYPE=Debug -DORACLE_SANITIZE=ON >/dev/null
cmake --build build/enclave-tls-asan -j"$jobs"
(cd build/enclave-tls-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j1 -E 'test_valgrind|trusted_imports')

step "enclave-tls: fuzzers (${ORACLE_FUZZ_SECONDS:-20} s each)"
enclave-tls/fuzz/run.sh "${ORACLE_FUZZ_SECONDS:-20}"

step "contracts: compile (npm solc) and test on anvil (node --test)"
node contracts/build.mjs build/contracts
node --test contracts/test/

step ".NET: build and test (xunit: EVM adapter vs ethers and anvil, sources, enclave host, relayer end to end on the devnet)"
dotnet build Oracle.sln -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test Oracle.sln -c Release --no-build -nologo --logger "console;verbosity=normal"

step "all tests passed"
