# Shared by up and add-node (after env.sh): starting processes of the local cluster.
# The caller defines fail() and sets ADMIN_TOKEN, ISPN_NODE_USER and ISPN_NODE_PASSWORD.

HARNESS_JAR=harness/target/geotier-harness-0.1.0-SNAPSHOT.jar
NODE_JAR=node/target/quarkus-app/quarkus-run.jar
GEODNS_JAR=geodns/target/quarkus-app/quarkus-run.jar

# Starts a process in its own session (so it outlives a detached up), logs to logs/NAME.log.
spawn() {
  local name=$1; shift
  setsid "$@" > "$RUN/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/pids/$name.pid"
}

# Waits until URL answers 2xx, or fails with the tail of NAME's log.
wait_http() {
  local name=$1 url=$2 deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "$url"; do
    if ! kill -0 "$(cat "$RUN/pids/$name.pid")" 2>/dev/null; then
      tail -n 30 "$RUN/logs/$name.log" >&2; fail "$name exited while starting (log: $RUN/logs/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$RUN/logs/$name.log" >&2; fail "$name not ready at $url"; }
    sleep 0.3
  done
}

# A node NAME of REGION on ADDRESS:NODE_PORT at LAT/LON, talking Hot Rod to SITE's server.
start_node() {
  local name=$1 region=$2 address=$3 lat=$4 lon=$5 site=$6
  mkdir -p "$RUN/nodes/$name"
  GEOTIER_REGION=$region GEOTIER_PUBLIC_ADDRESS=$address:$NODE_PORT \
  GEOTIER_LATITUDE=$lat GEOTIER_LONGITUDE=$lon \
  GEOTIER_ORIGIN_URL=http://127.0.0.1:$ORIGIN_PORT GEOTIER_STORE_DIR=$RUN/nodes/$name/store \
  QUARKUS_HTTP_HOST=$address QUARKUS_HTTP_PORT=$NODE_PORT \
  QUARKUS_INFINISPAN_CLIENT_HOSTS=127.0.0.1:$(site_port "$site") \
  QUARKUS_INFINISPAN_CLIENT_USERNAME=$ISPN_NODE_USER QUARKUS_INFINISPAN_CLIENT_PASSWORD=$ISPN_NODE_PASSWORD \
  GEOTIER_ADMIN_TOKEN=$ADMIN_TOKEN \
    spawn "node-$name" java $JAVA_OPTS -Dgeotier-local-cluster="$RUN" -jar "$NODE_JAR"
}

# The demo origin; GEOTIER_LOCAL_ORIGIN_FAULTS=1 lets bench/soak switch its faults over HTTP.
start_origin() {
  local control=()
  [ "${GEOTIER_LOCAL_ORIGIN_FAULTS:-0}" = 1 ] && control=(--fault-control)
  spawn origin java -Dgeotier-local-cluster="$RUN" -cp "$HARNESS_JAR" \
      io.geotier.harness.origin.DemoOriginMain "$RUN/origin" 127.0.0.1 "$ORIGIN_PORT" "${control[@]}"
}

# geodns with the configuration up wrote, talking Hot Rod to the first site.
start_geodns() {
  GEODNS_ADMIN_TOKEN="$ADMIN_TOKEN" \
  QUARKUS_INFINISPAN_CLIENT_USERNAME=$ISPN_NODE_USER QUARKUS_INFINISPAN_CLIENT_PASSWORD=$ISPN_NODE_PASSWORD \
    spawn geodns java $JAVA_OPTS -Dgeotier-local-cluster="$RUN" \
      -Dquarkus.config.locations="$RUN/geodns/geodns.properties" -jar "$GEODNS_JAR"
}

# The admin token every node and geodns check: GEOTIER_ADMIN_TOKEN when up was given one, else one
# generated for this run. Kept in $RUN/admin-token, readable by its owner alone, so that restart
# and add-node start their processes with the same token, and so that you can read it.
keep_admin_token() {
  if [ -z "$ADMIN_TOKEN" ]; then
    ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  fi
  (umask 077 && printf '%s\n' "$ADMIN_TOKEN" > "$RUN/admin-token")
}

# The token up kept, for the scripts that start processes into a running cluster.
read_admin_token() {
  ADMIN_TOKEN=${GEOTIER_ADMIN_TOKEN:-$(cat "$RUN/admin-token" 2>/dev/null || true)}
}
