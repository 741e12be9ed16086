package io.geotier.harness.soak;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local cluster the soak runs against (deploy/local), and which of its processes are down
 * right now: the fault schedule marks them, DNS answers and RSS samples read the marks.
 */
final class Cluster {

    /** A region's node: the address geodns answers with, and its Hot Rod site. */
    record Region(String name, String address) {}

    static final List<Region> REGIONS = List.of(
            new Region("eu-west", "127.0.1.1"),
            new Region("us-east", "127.0.2.1"),
            new Region("ap-southeast", "127.0.3.1"));

    final Path root;
    final Path run;
    final int originPort;
    final int nodePort;
    final int dnsPort;
    final String adminToken;
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();

    Cluster(Path root, Path run, int originPort, int nodePort, int dnsPort, String adminToken) {
        this.root = root;
        this.run = run;
        this.originPort = originPort;
        this.nodePort = nodePort;
        this.dnsPort = dnsPort;
        this.adminToken = adminToken;
    }

    String nodeUrl(String address) {
        return "http://" + address + ":" + nodePort;
    }

    String originUrl() {
        return "http://127.0.0.1:" + originPort;
    }

    /** The component (deploy/local/restart's names) went down at this instant. */
    void markDown(String component, long atMillis) {
        downSince.put(component, atMillis);
    }

    void markUp(String component) {
        downSince.remove(component);
    }

    /** Since when the node at this address has been down, or -1 while it is up. */
    long nodeDownSince(InetAddress address) {
        for (Region region : REGIONS) {
            if (region.address().equals(address.getHostAddress())) {
                return downSince.getOrDefault("node-" + region.name(), -1L);
            }
        }
        return -1;
    }

    boolean isDown(String component) {
        return downSince.containsKey(component);
    }

    /** The pid deploy/local recorded for a component, or -1. */
    long pid(String component) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(run.resolve("pids/" + component + ".pid"))
                    .trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }
}
