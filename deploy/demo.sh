#!/usr/bin/env bash
# The main job for now (./oracle demo): builds the enclave, starts three local
# HTTPS "exchanges" (nginx, certificates from the build's development CA, prices
# that move), and runs feed rounds through the sim enclave. Each round prints the
# median price the enclave signed, and ethers (npm) checks the EIP-712 digest
# and recovers the signer. The last round's full signed report follows.
#
#   ./oracle demo [--rounds N] [--interval SECONDS] [--json]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
interval=2
json_out=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --interval) interval=${2:?--interval needs seconds}; shift 2 ;;
    --json) json_out=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "demo: --rounds must be a positive integer" >&2; exit 2 ;; esac
case "$interval" in ''|*[!0-9]*) echo "demo: --interval must be whole seconds" >&2; exit 2 ;; esac

build=$root/build/enclave-tls
. "$root/deploy/lib/local-https.sh"
say() { [ $json_out = 1 ] || echo "$@"; }
say "demo: building the enclave (sim backend)..."
cmake -S "$root/enclave-tls" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target oracle-enclave-run >/dev/null
run=$build/oracle-enclave-run
ca=$build/dev-ca

tmp=$(mktemp -d /tmp/oracle-demo-XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(oracle_free_port)
exchanges=(exchange-a.devnet exchange-b.devnet exchange-c.devnet)
servers=""
for x in "${exchanges[@]}"; do
  oracle_issue_cert "$x" "$ca" "$tmp"
  mkdir -p "$tmp/www/$x/v2/prices/BTC-USD"
  servers+="  server { listen 127.0.0.1:$port ssl; server_name $x; ssl_certificate $tmp/$x.pem;
    ssl_certificate_key $tmp/$x.key; root $tmp/www/$x; }
"
done

# Prices that move: a random walk per exchange around a shared trend, rewritten every 200 ms
# (atomically, by rename) in the shape of Coinbase's spot price answer.
(
  i=0
  while :; do
    for k in 0 1 2; do
      x=${exchanges[$k]}
      awk -v i="$i" -v k="$k" -v s="$RANDOM" 'BEGIN { srand(s); p = 43000 + 40 * sin(i / 15) + (k - 1) * 3 + rand() * 2;
        printf "{\"data\":{\"amount\":\"%.2f\",\"base\":\"BTC\",\"currency\":\"USD\"}}\n", p }' \
        > "$tmp/www/$x/v2/prices/BTC-USD/spot.tmp"
      mv "$tmp/www/$x/v2/prices/BTC-USD/spot.tmp" "$tmp/www/$x/v2/prices/BTC-USD/spot"
    done
    i=$((i + 1))
    sleep 0.2
  done
) &
pids+=($!)
sleep 0.3
oracle_nginx_start "$tmp" "$servers"
pids+=("$ORACLE_NGINX_PID")
resolve=()
for x in "${exchanges[@]}"; do resolve+=(--resolve "$x:$port:127.0.0.1"); done
oracle_wait_https "${exchanges[0]}" "$port" /v2/prices/BTC-USD/spot "$ca"

sources=""
for x in "${exchanges[@]}"; do
  sources+="${sources:+,}{\"url\":\"https://$x:$port/v2/prices/BTC-USD/spot\",\"pointer\":\"/data/amount\"}"
done
cat > "$tmp/job.json" <<EOF
{"sources":[$sources],
 "result":{"type":"int256","decimals":8},
 "aggregation":{"method":"median","min_sources":2,"max_deviation_bps":50}}
EOF

mkdir -p "$root/.oracle"
say "demo: enclave key sealed in .oracle/enclave.sealed (sim backend: SIMULATED, the sealing key is a fixed dev key)"
say "demo: three local HTTPS exchanges on 127.0.0.1:$port, certificates from the build's dev CA"
say ""
status=0
for r in $(seq 1 "$rounds"); do
  set +e
  "$run" --sealed-key "$root/.oracle/enclave.sealed" "${resolve[@]}" --round "$r" \
    --target 31337:0x5fbdb2315678afecb367f032d93f642f64180aa3 "$tmp/job.json" > "$tmp/result-$r.json"
  rc=$?
  set -e
  [ $rc = 0 ] || status=1
  node "$root/deploy/demo-round.mjs" "$tmp/job.json" "$tmp/result-$r.json" "$json_out"
  [ "$r" = "$rounds" ] || sleep "$interval"
done
if [ $json_out = 0 ]; then
  echo
  echo "last round's signed report (SIMULATED enclave):"
  node -e 'console.log(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1])), null, 2))' \
    "$tmp/result-$rounds.json"
fi
exit $status
