package io.geotier.harness.infinispan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server's place among several Infinispan sites joined by RELAY2: its own site's name and the
 * bridge port of every site (its own included). The bridge runs over TLS with mutual
 * authentication; every site trusts the one key pair in {@code keystore}, which the launcher makes
 * for the run ({@link BridgeKeystore}).
 *
 * @param site        this server's site (a region's name)
 * @param bridgePorts every site's bridge port on loopback, in a stable order
 */
public record CrossSite(String site, Map<String, Integer> bridgePorts, Path keystore, String keystorePassword) {

    public CrossSite {
        bridgePorts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bridgePorts));
        if (!bridgePorts.containsKey(site)) {
            throw new IllegalArgumentException("site " + site + " has no bridge port");
        }
        if (bridgePorts.size() < 2) {
            throw new IllegalArgumentException("cross-site replication needs two sites or more");
        }
    }

    public int bridgePort() {
        return bridgePorts.get(site);
    }

    /** The sites this one backs up to. */
    public java.util.List<String> otherSites() {
        return bridgePorts.keySet().stream().filter(s -> !s.equals(site)).toList();
    }
}
