package io.geotier.harness.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/soak's load, checks and faults against a running local cluster (deploy/local/up with
 * GEOTIER_LOCAL_ORIGIN_FAULTS=1). Prints what happened and ends with the one-line verdict;
 * exits 1 when a body was corrupt or a purge was lost.
 * usage: SoakMain ROOT RUN_DIR DURATION_S ORIGIN_PORT NODE_PORT DNS_PORT (admin token in GEOTIER_ADMIN_TOKEN)
 */
public final class SoakMain {

    private static final int USERS = 8;

    private SoakMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6 || System.getenv("GEOTIER_ADMIN_TOKEN") == null) {
            System.err.println(
                    "usage: SoakMain ROOT RUN_DIR DURATION_S ORIGIN_PORT NODE_PORT DNS_PORT (GEOTIER_ADMIN_TOKEN set)");
            System.exit(2);
        }
        Cluster cluster = new Cluster(
                Path.of(args[0]),
                Path.of(args[1]),
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]),
                Integer.parseInt(args[5]),
                System.getenv("GEOTIER_ADMIN_TOKEN"));
        long durationMillis = Long.parseLong(args[2]) * 1000;
        Tally tally = new Tally();
        Objects objects = new Objects(cluster.run.resolve("origin"), 2026);

        DnsWatch dns = new DnsWatch(cluster, tally);
        Thread dnsThread = start("soak-dns", dns);
        List<Load> users = new ArrayList<>();
        List<Thread> userThreads = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Load user = new Load(cluster, objects, dns, tally);
            users.add(user);
            userThreads.add(start("soak-user-" + i, user));
        }
        long start = System.currentTimeMillis();
        Faults faults = new Faults(cluster, durationMillis, start);
        Thread faultThread = start("soak-faults", faults);

        // The footprint after warm-up, halfway and at the end. The first half still grows bounded
        // caches to their working size (the in-memory copies of small objects, up to their budget;
        // JIT code; pools): growth over the second half is what a leak would show.
        DnsWatch.sleep(durationMillis / 10);
        Map<String, Footprint.Sample> warm = Footprint.take(cluster);
        DnsWatch.sleep(Math.max(0, start + durationMillis / 2 - System.currentTimeMillis()));
        Map<String, Footprint.Sample> half = Footprint.take(cluster);
        DnsWatch.sleep(Math.max(0, start + durationMillis - System.currentTimeMillis()));
        Map<String, Footprint.Sample> end = Footprint.take(cluster);
        users.forEach(Load::stop);
        for (Thread t : userThreads) {
            t.join(60_000);
        }
        faultThread.join(120_000);
        long lost = lostPurges(cluster, objects);
        dns.stop();
        dnsThread.join(5_000);
        report(tally, faults, List.of(warm, half, end), lost, (System.currentTimeMillis() - start) / 1000.0);
        System.exit(tally.corruptCount() == 0 && lost == 0 ? 0 : 1);
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * With every part up again, each node must serve, within 30 s, every purged object at least at
     * the version written before its last acknowledged purge: an older one means a purge that
     * never reached that node.
     */
    private static long lostPurges(Cluster cluster, Objects objects) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Integer> behind = new HashMap<>();
        long deadline = System.currentTimeMillis() + 30_000;
        do {
            behind.clear();
            for (Cluster.Region region : Cluster.REGIONS) {
                for (int i = 0; i < Objects.PURGED; i++) {
                    String key = Objects.purgedKey(i);
                    int versions = versionsBehind(http, cluster.nodeUrl(region.address()) + "/" + key, objects, key);
                    if (versions != 0) {
                        behind.put(region.name() + " " + key, versions);
                    }
                }
            }
            if (behind.isEmpty()) {
                return 0;
            }
            DnsWatch.sleep(1_000);
        } while (System.currentTimeMillis() < deadline);
        behind.forEach((where, versions) -> System.err.println(
                "soak: PURGE LOST " + where + ": " + (versions < 0 ? "no answer" : versions + " version(s) behind")));
        return behind.size();
    }

    private static int versionsBehind(HttpClient http, String url, Objects objects, String key)
            throws InterruptedException {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? objects.versionsBehindPurges(key, response.body()) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void report(
            Tally tally, Faults faults, List<Map<String, Footprint.Sample>> samples, long lost, double seconds) {
        System.out.println("faults:");
        faults.done().forEach(f -> System.out.println("  " + f));
        System.out.println("served by kind: " + tally.servedByKind());
        System.out.println("errors by class: " + tally.errorsByKind());
        double growthMib = 0;
        System.out.println("footprint after warm-up -> halfway -> at the end (processes never killed):");
        Map<String, Footprint.Sample> warm = samples.get(0);
        Map<String, Footprint.Sample> half = samples.get(1);
        Map<String, Footprint.Sample> end = samples.get(2);
        for (String process : warm.keySet()) {
            Footprint.Sample w = warm.get(process);
            Footprint.Sample h = half.get(process);
            Footprint.Sample e = end.get(process);
            if (h == null || e == null) {
                System.out.println("  " + process + ": gone before the end");
                continue;
            }
            growthMib = Math.max(growthMib, (e.rssKib() - h.rssKib()) / 1024.0);
            System.out.printf(
                    "  %s: rss %d -> %d -> %d MiB, fds %d -> %d -> %d%n",
                    process, w.rssKib() / 1024, h.rssKib() / 1024, e.rssKib() / 1024, w.fds(), h.fds(), e.fds());
        }
        System.out.printf("ran %.0f s%n", seconds);
        // rss_growth_mib: the largest RSS growth of any process over the second half of the run.
        System.out.printf(
                "soak: served=%d errors=%d corrupt=%d purges_lost=%d max_dead_answer_s=%.1f rss_growth_mib=%.0f%n",
                tally.servedCount(),
                tally.errorCount(),
                tally.corruptCount(),
                lost,
                tally.maxDeadAnswerSeconds(),
                growthMib);
    }
}
