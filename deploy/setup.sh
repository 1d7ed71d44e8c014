#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with only the .NET SDK lacks, and the
# npm packages pinned in package-lock.json. Idempotent: when everything is
# there it checks and prints nothing.
#
#   deploy/setup.sh            install what is missing
#   deploy/setup.sh --check    only report what is missing (exit 1 if anything is)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
check_only=0
[ "${1:-}" = "--check" ] && check_only=1

# Debian packages, and why each is here.
packages=(
  build-essential      # C/C++ toolchain for the enclave (enclave-tls/)
  cmake                # the enclave's build
  pkg-config
  ca-certificates      # Debian's CA bundle, compiled into the enclave image
  openssl              # the tests' PKI and openssl s_server (a third-party TLS server)
  curl                 # the benchmark's plain client
  git
  nodejs               # npm peers: ethers checks what the enclave signs
  npm
  libmbedtls-dev       # TLS inside the enclave (2.28, the line Open Enclave ships)
  libsecp256k1-dev     # report signatures
  nginx                # a third-party TLS server for tests, demo and benchmark
  libgtest-dev         # the C test suites
  nlohmann-json3-dev   # JSON in the C++ tests
  clang-14             # libFuzzer harnesses
  libclang-rt-14-dev   # libFuzzer and sanitizer runtimes
  valgrind             # memcheck over 1,000 jobs
)

# A package counts as present when dpkg has it, or, for Node.js, when the
# commands exist (Node from NodeSource bundles npm and conflicts with Debian's).
present() {
  case "$1" in
    nodejs) command -v node >/dev/null && return 0 ;;
    npm) command -v npm >/dev/null && return 0 ;;
  esac
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=()
for p in "${packages[@]}"; do
  present "$p" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ $check_only = 1 ]; then
    echo "missing Debian packages: ${missing[*]}"
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  # Keep package scripts from starting services (a system nginx on port 80 is
  # not wanted: tests start their own on free loopback ports). Only while we
  # install, and only if the machine has no policy of its own.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy >/dev/null
    $sudo chmod 755 $policy
    made_policy=1
  fi
  trap '[ $made_policy = 1 ] && $sudo rm -f $policy' EXIT
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ $made_policy = 1 ] && $sudo rm -f $policy && made_policy=0
fi

# npm packages from the lock file; reinstalled only when the lock file changed.
stamp=$root/node_modules/.oracle-lock.sha256
want=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ $check_only = 1 ]; then
    echo "npm packages not installed (or package-lock.json changed)"
    exit 1
  fi
  echo "setup: installing npm packages from package-lock.json" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
fi
