# Local HTTPS sources on loopback for the demo and the benchmarks: server
# certificates from the build's development CA, and nginx. Sourced, not run.

# oracle_issue_cert NAME CA_DIR OUT_DIR: OUT_DIR/NAME.pem and OUT_DIR/NAME.key,
# P-256, subjectAltName DNS:NAME, valid for two days, issued by CA_DIR/dev-ca.*.
oracle_issue_cert() {
  local name=$1 ca=$2 out=$3
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$out/$name.key" \
    -out "$out/$name.csr" -subj "/CN=$name" 2>/dev/null
  printf 'subjectAltName=DNS:%s\n' "$name" > "$out/$name.ext"
  openssl x509 -req -in "$out/$name.csr" -CA "$ca/dev-ca.pem" -CAkey "$ca/dev-ca.key" \
    -set_serial "$((RANDOM * 32768 + RANDOM))" -days 2 -extfile "$out/$name.ext" -out "$out/$name.pem" 2>/dev/null
}

# oracle_free_port: a TCP port on 127.0.0.1 that nothing listens on now.
oracle_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# oracle_nginx_start DIR SERVER_BLOCKS: writes DIR/nginx.conf around the given
# server blocks (temporary files and logs in DIR) and starts nginx in the
# foreground of a background job; sets ORACLE_NGINX_PID.
oracle_nginx_start() {
  local dir=$1 servers=$2
  mkdir -p "$dir/tmp"
  cat > "$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  default_type application/json;
$servers
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  ORACLE_NGINX_PID=$!
}

# oracle_wait_https NAME PORT PATH CA_DIR: waits (up to 5 s) until the URL answers.
oracle_wait_https() {
  local i
  for i in $(seq 1 100); do
    curl -s -o /dev/null --cacert "$4/dev-ca.pem" --resolve "$1:$2:127.0.0.1" "https://$1:$2$3" && return 0
    sleep 0.05
  done
  echo "local-https: https://$1:$2$3 did not come up; nginx log: $(cat "$(dirname "$4")"/error.log 2>/dev/null)" >&2
  return 1
}
