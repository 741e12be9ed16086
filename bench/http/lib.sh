# The servers of bench/http on one machine: an nginx origin, nginx proxy_cache, Varnish and the
# Geotier node (with its Infinispan Server), on fixed loopback ports, in $WORK. Sourced by
# bench/http/run and bench/http/anatomy, which set ROOT, WORK and JAVA_OPTS first.
# shellcheck shell=bash

stop_all() {
  [ -f "$WORK/logs/proxy.pid" ] && nginx -p "$WORK" -c "$WORK/conf/proxy.conf" -s stop 2>/dev/null || true
  [ -f "$WORK/logs/origin.pid" ] && nginx -p "$WORK" -c "$WORK/conf/origin.conf" -s stop 2>/dev/null || true
  for p in varnish node infinispan; do [ -f "$WORK/logs/$p.pid" ] && kill "$(cat "$WORK/logs/$p.pid")" 2>/dev/null || true; done
  sleep 1; rm -rf "$WORK"
}
setup() {
  mkdir -p "$WORK"/{www/c,logs,tmp,conf,varnish,node-store,tls}
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
      -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/tls/tls.key" -out "$WORK/tls/tls.crt" 2>/dev/null
  head -c 4096 /dev/urandom > "$WORK/www/4k.bin"
  head -c 1048576 /dev/urandom > "$WORK/www/1m.bin"
  head -c 104857600 /dev/urandom > "$WORK/www/100m.bin"
  for f in origin.conf proxy.conf varnish.vcl; do sed "s#__WORK__#$WORK#g" "$ROOT/bench/http/conf/$f" > "$WORK/conf/$f"; done
  chown -R www-data: "$WORK/www" "$WORK/tmp" "$WORK/logs" 2>/dev/null || true
  chmod 755 "$WORK"
}

start() {
  nginx -p "$WORK" -e "$WORK/logs/origin.error.log" -c "$WORK/conf/origin.conf"
  nginx -p "$WORK" -e "$WORK/logs/proxy.error.log" -c "$WORK/conf/proxy.conf"
  varnishd -a 127.0.0.1:18083 -T 127.0.0.1:16083 -f "$WORK/conf/varnish.vcl" \
      -s "file,$WORK/varnish/storage.bin,2G" -n "$WORK/varnish" -P "$WORK/logs/varnish.pid"
  java -cp "$ROOT/harness/target/geotier-harness-0.1.0-SNAPSHOT.jar" io.geotier.harness.infinispan.InfinispanServerMain \
      --root "$WORK/infinispan" --port 11299 --jgroups-port 17899 --pid-file "$WORK/logs/infinispan.pid" \
      --credentials-file "$WORK/infinispan-credentials" > /dev/null
  start_node
}

# The node alone (bench/http/run's cold storm restarts it): ready when its health says so.
start_node() {
  source "$WORK/infinispan-credentials"
  QUARKUS_INFINISPAN_CLIENT_USERNAME=$ISPN_NODE_USER QUARKUS_INFINISPAN_CLIENT_PASSWORD=$ISPN_NODE_PASSWORD \
  GEOTIER_ORIGIN_URL=http://127.0.0.1:18080 GEOTIER_STORE_DIR="$WORK/node-store" GEOTIER_STORE_BUDGET=2G \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18084 QUARKUS_INFINISPAN_CLIENT_HOSTS=127.0.0.1:11299 \
  QUARKUS_HTTP_SSL_PORT=18484 GEOTIER_TLS_CERT="$WORK/tls/tls.crt" \
  GEOTIER_TLS_KEY="$WORK/tls/tls.key" GEOTIER_TLS_ENGINE=${GEOTIER_BENCH_TLS_ENGINE:-openssl} \
  QUARKUS_LOG_LEVEL=WARN setsid java $JAVA_OPTS -jar "$ROOT/node/target/quarkus-app/quarkus-run.jar" \
      >> "$WORK/logs/node.log" 2>&1 &
  echo $! > "$WORK/logs/node.pid"
  for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:18084/q/health/ready && break; sleep 0.1; done
}
stop_node() {
  local pid; pid=$(cat "$WORK/logs/node.pid")
  kill "$pid" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

pid_of() {
  case $1 in
    static) cat "$WORK/logs/origin.pid" ;; nginx|nginx-tls) cat "$WORK/logs/proxy.pid" ;;
    varnish) cat "$WORK/logs/varnish.pid" ;; geotier|geotier-tls) cat "$WORK/logs/node.pid" ;;
  esac
}
# CPU ticks of a process and its children (nginx workers, the Varnish cache process).
cpu_ticks() { local t=0 p; for p in $(pgrep -P "$1") "$1"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
host_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
rss_kib() { local t=0 p; for p in $(pgrep -P "$1") "$1"; do t=$((t + $(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }

