# Shared by up and down: where the local cluster lives and which ports it takes.
# Every value can be overridden from the environment (the end-to-end test picks free ports).
GEOTIER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${GEOTIER_LOCAL_RUN_DIR:-$GEOTIER_ROOT/deploy/local/.run}
# One Infinispan site per region: the Nth region's site on ISPN_PORT+N (Hot Rod and REST),
# JGROUPS_PORT+N inside the site and BRIDGE_PORT+N on the TLS bridge between sites.
ISPN_PORT=${GEOTIER_LOCAL_ISPN_PORT:-11222}
JGROUPS_PORT=${GEOTIER_LOCAL_JGROUPS_PORT:-7800}
BRIDGE_PORT=${GEOTIER_LOCAL_BRIDGE_PORT:-7810}
ORIGIN_PORT=${GEOTIER_LOCAL_ORIGIN_PORT:-8000}
NODE_PORT=${GEOTIER_LOCAL_NODE_PORT:-8080}
DNS_PORT=${GEOTIER_LOCAL_DNS_PORT:-5353}
DNS_HTTP_PORT=${GEOTIER_LOCAL_DNS_HTTP_PORT:-8053}
JAVA_OPTS=${GEOTIER_LOCAL_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}

# region  address    latitude  longitude  (near)
REGIONS="eu-west 127.0.1.1 51.5072 -0.1276 London
us-east 127.0.2.1 39.0438 -77.4874 Ashburn
ap-southeast 127.0.3.1 1.3521 103.8198 Singapore"

# The regions' names, comma-separated, in order (the Nth is served by the Nth site).
SITES=$(cut -d' ' -f1 <<< "$REGIONS" | paste -sd,)

# The Hot Rod port of a region's site.
site_port() {
  local i=0 region
  for region in ${SITES//,/ }; do
    [ "$region" = "$1" ] && { echo $((ISPN_PORT + i)); return; }
    i=$((i + 1))
  done
  return 1
}
