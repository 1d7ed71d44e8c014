#!/usr/bin/env bash
# Enclave fetch benchmark: signed reports per second and latency of the enclave
# path beside curl fetching the same URL the same number of times, in the same
# run, against the same nginx on loopback.
#
#   bench/enclave-fetch/run.sh [JOBS] [ROUNDS]      (defaults 3000 and 5)
#
# Each round runs every contender once, in turn; the table shows the median of
# the rounds. "per fetch" = wall time / jobs. The ratio line compares the
# enclave's keep-alive path (fetch + parse + extract + EIP-712 + secp256k1
# signature) with curl's keep-alive fetch alone.
set -euo pipefail

jobs=${1:-3000}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${ORACLE_BUILD_DIR:-$root/build/enclave-tls}
bench=$build/bench/bench_fetch
dev_ca=$build/dev-ca
. "$root/deploy/lib/local-https.sh"

if [ ! -x "$bench" ] || [ ! -f "$dev_ca/dev-ca.key" ]; then
  echo "bench: building the enclave first ($build)" >&2
  cmake -S "$root/enclave-tls" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"$(nproc)" --target bench_fetch >/dev/null
fi
for tool in nginx curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing: run deploy/setup.sh" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/oracle-bench-XXXXXX)
chmod 755 "$tmp"
nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# A server certificate from the build's development CA, made now, and nginx serving
# a body shaped like a spot price API's answer (Coinbase's /v2/prices/BTC-USD/spot).
name=bench.test
oracle_issue_cert "$name" "$dev_ca" "$tmp"
port=$(oracle_free_port)
mkdir -p "$tmp/www"
echo '{"data":{"amount":"43123.456789","base":"BTC","currency":"USD"}}' > "$tmp/www/spot.json"
oracle_nginx_start "$tmp" "  server { listen 127.0.0.1:$port ssl; server_name $name;
    ssl_certificate $tmp/$name.pem; ssl_certificate_key $tmp/$name.key;
    keepalive_requests 10000000; keepalive_timeout 120s; root $tmp/www; }"
nginx_pid=$ORACLE_NGINX_PID
oracle_wait_https "$name" "$port" /spot.json "$dev_ca"
url="https://$name:$port/spot.json"
resolve="$name:$port:127.0.0.1"
hs_jobs=$((jobs / 10))

# curl: N fetches of the URL in one process; keep-alive or a new connection each.
# Prints: per_second p50_ms p99_ms
curl_run() {
  local n=$1 mode=$2 cfg=$tmp/curl-$2.cfg
  : > "$cfg"
  for _ in $(seq 1 "$n"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >> "$cfg"; done
  local extra=()
  [ "$mode" = close ] && extra=(-H "Connection: close")
  local t0 t1
  t0=$(date +%s%N)
  curl -s --resolve "$resolve" --cacert "$dev_ca/dev-ca.pem" "${extra[@]}" -w '%{time_total}\n' -K "$cfg" > "$tmp/curl-times"
  t1=$(date +%s%N)
  sort -n "$tmp/curl-times" | awk -v n="$n" -v ns=$((t1 - t0)) '
    { t[NR] = $1 }
    END { printf "%.1f %.4f %.4f\n", n / (ns / 1e9), t[int((NR + 1) / 2)] * 1000, t[int((NR - 1) * 0.99) + 1] * 1000 }'
}

# bench_fetch: prints per_second p50_ms p99_ms
enclave_run() {
  "$bench" --url "$url" --resolve "$resolve" "$@" | sed -E 's/.*"per_second":([0-9.]+),"p50_ms":([0-9.]+),"p99_ms":([0-9.]+).*/\1 \2 \3/'
}

declare -A results
echo "bench: $jobs jobs per keep-alive contender, $hs_jobs per handshake contender, $rounds rounds, $(nproc) cores" >&2
for r in $(seq 1 "$rounds"); do
  results[enclave_ka]+="$(enclave_run --jobs "$jobs")"$'\n'
  results[curl_ka]+="$(curl_run "$jobs" keepalive)"$'\n'
  results[enclave_ka2]+="$(enclave_run --jobs "$jobs" --threads 2)"$'\n'
  results[enclave_hs]+="$(enclave_run --jobs "$hs_jobs" --no-reuse)"$'\n'
  results[curl_hs]+="$(curl_run "$hs_jobs" close)"$'\n'
  echo "bench: round $r of $rounds done" >&2
done

# Median of one column over the rounds.
median() { printf '%s' "${results[$1]}" | awk -v c="$2" 'NF { print $c }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '\n%-44s %14s %12s %10s %10s\n' "contender (median of $rounds rounds)" "per second" "per fetch" "p50 ms" "p99 ms"
row() {
  local ps
  ps=$(median "$1" 1)
  printf '%-44s %14s %10.1f us %10s %10s\n' "$2" "$ps" "$(awk -v p="$ps" 'BEGIN { print 1e6 / p }')" "$(median "$1" 2)" "$(median "$1" 3)"
}
row enclave_ka  "enclave, keep-alive, signed reports, 1 thread"
row enclave_ka2 "enclave, keep-alive, signed reports, 2 threads"
row curl_ka     "curl, keep-alive, fetch only"
row enclave_hs  "enclave, full handshake per job"
row curl_hs     "curl, new connection per fetch"
ratio=$(awk -v a="$(median enclave_ka 1)" -v b="$(median curl_ka 1)" 'BEGIN { printf "%.2f", b / a }')
ratio_hs=$(awk -v a="$(median enclave_hs 1)" -v b="$(median curl_hs 1)" 'BEGIN { printf "%.2f", b / a }')
best=$(awk -v a="$(median enclave_ka 1)" -v b="$(median enclave_ka2 1)" 'BEGIN { print (a > b ? a : b) }')
echo
echo "enclave time per fetch / curl time per fetch, keep-alive:  $ratio  (target <= 1.5)"
echo "enclave time per fetch / curl time per fetch, handshake:   $ratio_hs"
echo "signed reports per second, best of 1 and 2 threads:        $best  (target >= 3000)"
