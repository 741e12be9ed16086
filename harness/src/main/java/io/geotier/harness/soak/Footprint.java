package io.geotier.harness.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resident memory and open file descriptors of the cluster's processes, from /proc. */
final class Footprint {

    /** One process at one moment. */
    record Sample(long rssKib, int fds) {}

    /** The components the soak never kills: their growth over the run is the leak figure. */
    static final String[] NEVER_KILLED = {
        "node-eu-west", "node-ap-southeast", "infinispan-us-east", "infinispan-ap-southeast"
    };

    static Map<String, Sample> take(Cluster cluster) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (String component : NEVER_KILLED) {
            long pid = cluster.pid(component);
            if (pid > 0) {
                try {
                    samples.put(component, new Sample(rssKib(pid), fds(pid)));
                } catch (IOException gone) {
                    // not running: no sample
                }
            }
        }
        return samples;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private static int fds(long pid) throws IOException {
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) list.count();
        }
    }
}
