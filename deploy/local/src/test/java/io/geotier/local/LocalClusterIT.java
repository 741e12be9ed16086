package io.geotier.local;

import static io.geotier.local.Shell.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.client.CacheClient;
import io.geotier.client.Route;
import io.geotier.harness.net.FreePorts;
import io.geotier.local.Shell.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local cluster as a user runs it: deploy/local/up --detach, then dig, curl and the client
 * library against what it started, then deploy/local/down. Free ports and a private run
 * directory, so a cluster a developer has running is left alone.
 */
class LocalClusterIT {

    private static final Path ROOT = findRoot();
    private static Path run;
    private static int dnsPort;
    private static int nodePort;
    private static int dnsHttpPort;
    private static int originPort;
    private static Shell shell;
    private static final String TOKEN = "local-it-token";

    @BeforeAll
    static void up() throws Exception {
        run = Files.createTempDirectory("geotier-local-it");
        dnsPort = FreePorts.tcp();
        nodePort = FreePorts.tcp();
        dnsHttpPort = FreePorts.tcp();
        originPort = FreePorts.tcp();
        Map<String, String> env = Map.of(
                "GEOTIER_LOCAL_RUN_DIR", run.toString(),
                "GEOTIER_ADMIN_TOKEN", TOKEN,
                // one site per region: three consecutive ports each
                "GEOTIER_LOCAL_ISPN_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_JGROUPS_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_BRIDGE_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_ORIGIN_PORT", Integer.toString(originPort),
                "GEOTIER_LOCAL_NODE_PORT", Integer.toString(nodePort),
                "GEOTIER_LOCAL_DNS_PORT", Integer.toString(dnsPort),
                "GEOTIER_LOCAL_DNS_HTTP_PORT", Integer.toString(dnsHttpPort));
        shell = new Shell(ROOT, env);
        Result up = exec(Duration.ofMinutes(5), "deploy/local/up", "--detach");
        assertEquals(0, up.status(), "deploy/local/up failed:\n" + up.output());
        assertTrue(up.output().contains("GeoLite2 data created by MaxMind"), "attribution printed");
    }

    @AfterAll
    static void down() throws Exception {
        if (run == null) {
            return;
        }
        Result down = exec(Duration.ofMinutes(1), "deploy/local/down");
        assertEquals(0, down.status(), down.output());
        assertEquals(List.of(), processesOf(run), "down leaves no process behind");
    }

    @Test
    void allEightProcessesAreRunning() throws IOException {
        // eight from up (a node add-node started may be running too)
        assertTrue(processesOf(run).size() >= 8, "three Infinispan sites, origin, three nodes, geodns");
    }

    /** A node in a region geodns was never told of is answered once it is ready. */
    @Test
    void aNodeAddedWhileRunningIsSteeredToWithoutTouchingGeodns() throws Exception {
        Result added = exec(
                Duration.ofMinutes(2),
                "deploy/local/add-node",
                "sa-east",
                "sa-east",
                "127.0.4.1",
                "-23.5505",
                "-46.6333");
        assertEquals(0, added.status(), added.output());
        assertTrue(eventually(() -> dig("+subnet=200.147.35.0/24").equals("127.0.4.1")), "a Sao Paulo subnet");
        assertEquals("127.0.1.1", dig("+subnet=81.2.69.0/24"), "London unchanged");
    }

    @Test
    void digSteersEachSubnetToItsRegion() throws Exception {
        assertEquals("127.0.1.1", dig("+subnet=81.2.69.0/24"), "a London subnet (real GeoLite2 data)");
        assertEquals("127.0.2.1", dig("+subnet=127.0.2.0/24"), "us-east coverage zone");
        assertEquals("127.0.3.1", dig("+subnet=127.0.3.0/24"), "ap-southeast coverage zone");
        assertEquals("127.0.3.1", dig("-b", "127.0.3.1"), "by source address");
        assertEquals("127.0.2.1", dig("+tcp", "+subnet=127.0.2.0/24"), "over TCP");
    }

    /** geodns binds DNS only once it has read the registry and probed the nodes: no SERVFAIL window. */
    @Test
    void geodnsRestartedAfterACrashAnswersItsFirstQuery() throws Exception {
        Result restarted = exec(Duration.ofMinutes(2), "deploy/local/restart", "geodns", "--down-for", "0");
        assertEquals(0, restarted.status(), restarted.output());
        assertEquals("127.0.1.1", dig("+subnet=81.2.69.0/24"), "the first query after the restart");
        assertTrue(Files.size(run.resolve("geodns/registry-view.json")) > 0, "the registry view is kept");
    }

    @Test
    void fileFetchedThroughTheAnsweredNodeIsTheOriginsBytesAndThenAHit() throws Exception {
        String node = dig("+subnet=81.2.69.0/24");
        String url = "http://" + node + ":" + nodePort + "/media/1mib.bin";
        // A HEAD miss asks the origin for headers only; the GET fills, and once committed: HIT.
        assertTrue(exec(Duration.ofSeconds(30), "curl", "-sI", url).output().contains("X-Cache: MISS"));
        Path copy = run.resolve("copy.bin");
        assertEquals(0, download(Duration.ofSeconds(60), copy, url).status());
        assertEquals(
                sha256(Files.readAllBytes(run.resolve("origin/media/1mib.bin"))), sha256(Files.readAllBytes(copy)));
        assertTrue(eventually(
                () -> exec(Duration.ofSeconds(30), "curl", "-sI", url).output().contains("X-Cache: HIT")));
    }

    @Test
    void clientLibrarySeesWhatTheNodeHasCached() throws Exception {
        CacheClient client = CacheClient.builder(URI.create("http://127.0.2.1:" + nodePort))
                .localCacheTime(Duration.ofMinutes(1))
                .build();
        assertFalse(client.verify("hello.txt"), "nothing fetched yet");
        assertEquals(
                0,
                exec(
                                Duration.ofSeconds(30),
                                "curl",
                                "-sf",
                                "-o",
                                "/dev/null",
                                client.downloadUrl("hello.txt").toString())
                        .status());
        assertFalse(client.verify("hello.txt"), "the remembered answer, within the local cache time");
        assertTrue(
                eventually(() -> {
                    client.forget("hello.txt");
                    return client.verify("hello.txt");
                }),
                "cached once the fill has committed");
    }

    /**
     * The web site's loop: a user in Singapore is first sent to the origin while the nearest node
     * is asked to sync, then to that node, which filled from another region rather than the origin
     * when one had it already.
     */
    @Test
    void routeSendsAUserToTheOriginAndSyncsThenToTheNodeNearestThem() throws Exception {
        Files.write(run.resolve("origin/media/route-me.bin"), new byte[300_000]);
        CacheClient client = CacheClient.builder(URI.create("http://cdn.geotier.test:" + nodePort))
                .steering(URI.create("http://127.0.0.1:" + dnsHttpPort))
                .negativeCacheTime(Duration.ofMillis(200))
                .build();
        InetAddress singapore = InetAddress.getByName("127.0.3.77"); // the ap-southeast coverage zone
        assertEquals(new Route.ToOrigin(true), client.route("media/route-me.bin", singapore));
        URI expected = URI.create("http://127.0.3.1:" + nodePort + "/media/route-me.bin");
        assertTrue(
                eventually(() -> client.route("media/route-me.bin", singapore).equals(new Route.ToCache(expected))),
                "sent to the ap-southeast node once it has synced");
    }

    /**
     * client/examples/EpisodePage.java, run as its Javadoc says: a user in Singapore asking for a
     * file no node holds is sent to the origin (302), then, once the nearest node synced, to it (303).
     */
    @Test
    void theExampleWebViewSendsAUserToTheOriginThenToTheirNode() throws Exception {
        Files.write(run.resolve("origin/media/page.bin"), new byte[60_000]);
        int port = FreePorts.tcp();
        Process page = new ProcessBuilder(
                        "java",
                        "-cp",
                        "client/target/geotier-client-0.1.0-SNAPSHOT.jar:client/target/lib/*",
                        "client/examples/EpisodePage.java",
                        "--port",
                        Integer.toString(port),
                        "--cache",
                        "http://cdn.geotier.test:" + nodePort,
                        "--steering",
                        "http://127.0.0.1:" + dnsHttpPort,
                        "--origin",
                        "http://127.0.0.1:" + originPort)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(run.resolve("logs/episode-page.log").toFile())
                .start();
        try {
            String[] ask = {
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{redirect_url}",
                "-H",
                "X-Forwarded-For: 127.0.3.20",
                "http://127.0.0.1:" + port + "/media/page.bin"
            };
            assertTrue(
                    eventually(
                            Duration.ofSeconds(30),
                            () -> !exec(Duration.ofSeconds(10), ask).output().startsWith("000")),
                    "the page started");
            assertEquals(
                    "302 http://127.0.0.1:" + originPort + "/media/page.bin",
                    exec(Duration.ofSeconds(10), ask).output());
            assertTrue(
                    eventually(() -> exec(Duration.ofSeconds(10), ask)
                            .output()
                            .equals("303 http://127.0.3.1:" + nodePort + "/media/page.bin")),
                    "sent to the ap-southeast node once it synced");
        } finally {
            page.destroy();
            page.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * A purge sent to us-east takes every region's copy: the purge answers that the cluster has it,
     * and each node's next answer is a MISS. Prints how long until the last node missed.
     */
    @Test
    void aPurgeOnUsEastMakesEveryNodeMiss() throws Exception {
        Files.write(run.resolve("origin/media/everywhere.bin"), new byte[30_000]);
        List<String> nodes = List.of("127.0.1.1", "127.0.2.1", "127.0.3.1");
        for (String node : nodes) {
            String url = "http://" + node + ":" + nodePort + "/media/everywhere.bin";
            curlHeaders(url);
            assertTrue(eventually(() -> curlHeaders(url).contains("X-Cache: HIT")), node + " holds it");
        }
        long sent = System.nanoTime();
        Result purge = adminCurl("DELETE", "http://127.0.2.1:" + nodePort + "/api/v1/objects/media/everywhere.bin");
        assertEquals(0, purge.status(), purge.output());
        assertTrue(purge.output().contains("\"cluster\":\"shared\""), purge.output());
        for (String node : nodes) {
            String url = "http://" + node + ":" + nodePort + "/media/everywhere.bin";
            assertTrue(
                    eventually(() -> curlHeaders(url).contains("X-Cache: MISS")),
                    node + " answers MISS after the purge");
        }
        System.out.printf("measured: purge on us-east to MISS on every node: %d ms%n", millisSince(sent));
    }

    /**
     * A node killed (SIGKILL, as a power cut) leaves the answers within the failover time
     * docs/operations.md states: 3 s. Restarted, it is answered again within rise x interval (3 s)
     * of being ready, 5 s allowed for a loaded machine. Prints both times.
     */
    @Test
    void aKilledNodeLeavesTheAnswersAndComesBackWhenRestarted() throws Exception {
        String london = "+subnet=81.2.69.0/24";
        assertEquals("127.0.1.1", dig(london));
        long pid = Long.parseLong(
                Files.readString(run.resolve("pids/node-eu-west.pid")).trim());
        ProcessHandle node = ProcessHandle.of(pid).orElseThrow();
        long killed = System.nanoTime();
        node.destroyForcibly();
        assertTrue(eventually(Duration.ofSeconds(10), () -> !dig(london).equals("127.0.1.1")), "London moved");
        long moved = millisSince(killed);
        assertEquals("127.0.2.1", dig(london), "to the next closest region, us-east");
        Result restart = exec(Duration.ofMinutes(2), "deploy/local/restart", "node-eu-west", "--down-for", "0");
        assertEquals(0, restart.status(), restart.output());
        long ready = System.nanoTime();
        assertTrue(eventually(Duration.ofSeconds(15), () -> dig(london).equals("127.0.1.1")), "London is back");
        long back = millisSince(ready);
        System.out.printf(
                "measured: London moved %d ms after the kill; back %d ms after the node was ready%n", moved, back);
        assertTrue(moved <= 3_000, "moved within the documented 3 s: " + moved + " ms");
        assertTrue(back <= 5_000, "back within 5 s of ready: " + back + " ms");
    }

    /** Twenty users asking at once for an object no node holds cost the origin one request. */
    @Test
    void aMissStormOfTwentyClientsMakesOneOriginFetch() throws Exception {
        byte[] original = new byte[8 << 20];
        new java.util.Random(20).nextBytes(original);
        Files.write(run.resolve("origin/media/storm.bin"), original);
        String url = "http://127.0.1.1:" + nodePort + "/media/storm.bin";
        java.util.concurrent.ExecutorService users = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<java.util.concurrent.Future<Result>> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Path copy = run.resolve("storm-" + i + ".bin");
                clients.add(users.submit(() -> download(Duration.ofSeconds(60), copy, url)));
            }
        } finally {
            users.shutdown();
        }
        for (int i = 0; i < 20; i++) {
            Result got = clients.get(i).get();
            assertEquals(0, got.status(), got.output());
            assertEquals(
                    sha256(original), sha256(Files.readAllBytes(run.resolve("storm-" + i + ".bin"))), "client " + i);
        }
        assertEquals("{\"requests\":1,\"bodies\":1}", originRequests("media/storm.bin"));
    }

    /** An object uploaded to eu-west is served in ap-southeast from eu-west's copy: the origin is never asked. */
    @Test
    void anUploadToEuWestIsServedInApSoutheastWithoutAnOriginRequest() throws Exception {
        byte[] original = new byte[200_000];
        new java.util.Random(11).nextBytes(original);
        Path file = Files.write(run.resolve("upload.bin"), original);
        Result put = adminCurl(
                "PUT",
                "http://127.0.1.1:" + nodePort + "/api/v1/objects/uploads/episode-1.bin",
                "--data-binary",
                "@" + file);
        assertEquals(0, put.status(), put.output());
        Path copy = run.resolve("upload-copy.bin");
        Result get = download(Duration.ofSeconds(30), copy, "http://127.0.3.1:" + nodePort + "/uploads/episode-1.bin");
        assertEquals(0, get.status(), get.output());
        assertEquals(sha256(original), sha256(Files.readAllBytes(copy)));
        assertEquals("{\"requests\":0,\"bodies\":0}", originRequests("uploads/episode-1.bin"));
    }

    /** Range through the answered node gives exactly those bytes of the origin's file. */
    @Test
    void aRangeThroughTheAnsweredNodeIsTheOriginsBytes() throws Exception {
        byte[] original = new byte[100_000];
        new java.util.Random(7).nextBytes(original);
        Files.write(run.resolve("origin/media/ranged.bin"), original);
        String node = dig("+subnet=127.0.3.0/24");
        Path part = run.resolve("part.bin");
        Result range = download(
                Duration.ofSeconds(30),
                part,
                "http://" + node + ":" + nodePort + "/media/ranged.bin",
                "-r",
                "1000-1999");
        assertEquals(0, range.status(), range.output());
        assertArrayEquals(java.util.Arrays.copyOfRange(original, 1000, 2000), Files.readAllBytes(part));
    }

    /** A copy one region filled from another keeps the object's tags: a tag purge takes it too. */
    @Test
    void aTagPurgeTakesTheCopiesOtherRegionsFilledFromTheUpload() throws Exception {
        Path file = Files.write(run.resolve("tagged.bin"), new byte[70_000]);
        String upload = "http://127.0.1.1:" + nodePort + "/api/v1/objects/uploads/tagged.bin?tags=show-9";
        Result put = adminCurl("PUT", upload, "--data-binary", "@" + file);
        assertEquals(0, put.status(), put.output());
        String elsewhere = "http://127.0.3.1:" + nodePort + "/uploads/tagged.bin";
        assertEquals("200", curlStatus(elsewhere), "ap-southeast fills from eu-west");
        Result purge = adminCurl("DELETE", "http://127.0.1.1:" + nodePort + "/api/v1/objects?tag=show-9");
        assertEquals(0, purge.status(), purge.output());
        assertTrue(
                eventually(() -> curlStatus(elsewhere).equals("404")), "ap-southeast's copy went with the tag purge");
    }

    private static String curlStatus(String url) throws Exception {
        return exec(Duration.ofSeconds(30), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url)
                .output()
                .trim();
    }

    /** The operator's CLI against the live cluster: status, dig --from, prefetch, purge. */
    @Test
    void theCliShowsStatusExplainsAnswersWarmsAndPurges() throws Exception {
        String node = "--node=http://127.0.2.1:" + nodePort;
        String geodns = "--geodns=http://127.0.0.1:" + dnsHttpPort;
        Result status = exec(Duration.ofMinutes(1), "cli/geotier", "status", node, geodns);
        assertEquals(0, status.status(), status.output());
        for (String region : List.of("eu-west", "us-east", "ap-southeast")) {
            assertTrue(
                    status.output().lines().anyMatch(l -> l.startsWith(region + " ") && l.contains(" up ")),
                    status.output());
        }
        Result dig =
                exec(Duration.ofMinutes(1), "cli/geotier", "dig", "cdn.geotier.test", "--from", "81.2.69.0/24", geodns);
        assertEquals(0, dig.status(), dig.output());
        assertTrue(dig.output().contains("placed by geoip"), dig.output());
        assertTrue(dig.output().contains("answer: 127.0.1.1 from eu-west"), dig.output());

        Files.write(run.resolve("origin/media/cli-1.bin"), new byte[40_000]);
        Files.write(run.resolve("origin/media/cli-2.bin"), new byte[50_000]);
        Path keys = Files.writeString(run.resolve("keys.txt"), "media/cli-1.bin\nmedia/cli-2.bin\n");
        Result prefetch = exec(Duration.ofMinutes(1), "cli/geotier", "prefetch", keys.toString(), node);
        assertEquals(0, prefetch.status(), prefetch.output());
        assertTrue(prefetch.output().contains("prefetched 2 of 2 keys"), prefetch.output());
        assertTrue(
                curlHeaders("http://127.0.2.1:" + nodePort + "/media/cli-1.bin").contains("X-Cache: HIT"));

        Result purge = exec(Duration.ofMinutes(1), "cli/geotier", "purge", "--prefix", "media/cli-", node);
        assertEquals(0, purge.status(), purge.output());
        assertTrue(
                curlHeaders("http://127.0.2.1:" + nodePort + "/media/cli-1.bin").contains("X-Cache: MISS"));
    }

    private static String curlHeaders(String url) throws Exception {
        return exec(Duration.ofSeconds(30), "curl", "-s", "-o", "/dev/null", "-D", "-", url)
                .output();
    }

    /**
     * A real Prometheus, started here on a free port with deploy/monitoring/prometheus.yml (its
     * ports made this cluster's), scrapes every node and geodns: the hit and DNS query counters it
     * stores are the ones the parts report; every alert rule evaluates with every metric it names
     * present; and every panel of the Grafana dashboard returns a result.
     */
    @Test
    void prometheusScrapesEveryPartAndEveryRuleAndPanelHasData() throws Exception {
        Path dir = Files.createDirectories(run.resolve("prometheus"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), localScrapeConfig());
        try (PrometheusServer prometheus = new PrometheusServer(dir, config, FreePorts.tcp())) {
            Files.write(run.resolve("origin/media/scraped.bin"), new byte[10_000]);
            String eu = "127.0.1.1:" + nodePort;
            curlHeaders("http://" + eu + "/media/scraped.bin");
            assertTrue(eventually(
                    () -> curlHeaders("http://" + eu + "/media/scraped.bin").contains("X-Cache: HIT")));
            for (int i = 0; i < 5; i++) {
                dig("+subnet=81.2.69.0/24");
            }
            assertTrue(
                    eventually(Duration.ofSeconds(60), () -> "4".equals(prometheus.value("sum(up)"))),
                    "all four targets up");
            String hits = "geotier_requests_total{cache=\"HIT\",region=\"eu-west\"}";
            assertTrue(
                    eventually(
                            Duration.ofSeconds(30),
                            () -> sameNumber(
                                    prometheus.value(hits),
                                    scrape("http://" + eu, "geotier_requests_total{cache=\"HIT\""))),
                    "Prometheus holds eu-west's hit count");
            assertTrue(Double.parseDouble(prometheus.value(hits)) >= 1);
            String queries = "sum(geodns_queries_total)";
            assertTrue(
                    eventually(
                            Duration.ofSeconds(30),
                            () -> sameNumber(
                                    prometheus.value(queries),
                                    scrapeSum("http://127.0.0.1:" + dnsHttpPort, "geodns_queries_total"))),
                    "Prometheus holds geodns's query count");
            assertTrue(Double.parseDouble(prometheus.value(queries)) >= 5);
            Path rules = ROOT.resolve("deploy/monitoring/rules/geotier.rules.yml");
            for (String metric : metricsNamedIn(Files.readString(rules))) {
                assertTrue(
                        eventually(Duration.ofSeconds(20), () -> prometheus.value("count(" + metric + ")") != null),
                        metric + " is scraped");
            }
            assertTrue(
                    eventually(Duration.ofSeconds(20), prometheus::rulesHealthy),
                    "every rule evaluated: " + prometheus.rules());
            Dashboard dashboard = Dashboard.read(ROOT.resolve("deploy/monitoring/grafana/geotier-dashboard.json"));
            assertEquals(
                    List.of("ap-southeast", "eu-west", "us-east"),
                    labelValues(prometheus, dashboard.regionVariableQuery()),
                    "the region variable lists the three regions");
            for (Dashboard.Target target : dashboard.targets()) {
                String promql = target.promql(Duration.ofMinutes(1));
                assertTrue(
                        eventually(
                                Duration.ofSeconds(30),
                                () -> !prometheus.query(promql).isEmpty()),
                        "panel \"" + target.panel() + "\" has data: " + promql);
            }
            System.out.printf(
                    "measured: Prometheus's hit ratio by region: %s%n",
                    prometheus.query("sum by (region) (geotier_requests_total{cache=~\"HIT|STALE|REVALIDATED\"})"
                            + " / sum by (region) (geotier_requests_total)"));
        }
    }

    /** deploy/monitoring/prometheus.yml with this cluster's ports, absolute rule path and 1 s scrapes. */
    private static String localScrapeConfig() throws IOException {
        String config = Files.readString(ROOT.resolve("deploy/monitoring/prometheus.yml"));
        Map<String, String> edits = Map.of(
                "scrape_interval: 15s", "scrape_interval: 1s",
                "evaluation_interval: 15s", "evaluation_interval: 1s",
                "- rules/geotier.rules.yml", "- " + ROOT.resolve("deploy/monitoring/rules/geotier.rules.yml"),
                ":8080\"", ":" + nodePort + "\"",
                "127.0.0.1:8053", "127.0.0.1:" + dnsHttpPort);
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertTrue(config.contains(edit.getKey()), "prometheus.yml still has " + edit.getKey());
            config = config.replace(edit.getKey(), edit.getValue());
        }
        return config;
    }

    /** What Grafana would list for label_values(METRIC, LABEL). */
    private static List<String> labelValues(PrometheusServer prometheus, String labelValues) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("label_values\\((\\w+), *(\\w+)\\)")
                .matcher(labelValues);
        assertTrue(m.matches(), labelValues);
        java.util.Set<String> values = new java.util.TreeSet<>();
        for (Object series : prometheus.query("count by (" + m.group(2) + ") (" + m.group(1) + ")")) {
            values.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) series).get("metric")).get(m.group(2))));
        }
        return List.copyOf(values);
    }

    /** The value of one series in a part's own /q/metrics: the first line that starts with the prefix. */
    private static String scrape(String base, String linePrefix) throws Exception {
        for (String line : metricLines(base)) {
            if (line.startsWith(linePrefix)) {
                return line.substring(line.lastIndexOf(' ') + 1);
            }
        }
        return null;
    }

    private static String scrapeSum(String base, String name) throws Exception {
        double sum = 0;
        for (String line : metricLines(base)) {
            if (line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.toString(sum);
    }

    /** A part's own /q/metrics, a line each. */
    private static String[] metricLines(String base) throws Exception {
        return exec(Duration.ofSeconds(10), "curl", "-s", base + "/q/metrics")
                .output()
                .split("\n");
    }

    /** GET url into a file, failing on an HTTP error; curlOptions go before the URL (-r for a range). */
    private static Result download(Duration timeout, Path to, String url, String... curlOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sf", "-o", to.toString()));
        cmd.addAll(List.of(curlOptions));
        cmd.add(url);
        return exec(timeout, cmd.toArray(String[]::new));
    }

    private static boolean sameNumber(String a, String b) {
        return a != null && b != null && Double.parseDouble(a) == Double.parseDouble(b);
    }

    private static List<String> metricsNamedIn(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(geotier|geodns)_[a-z_]+").matcher(text);
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return List.copyOf(names);
    }

    /** An admin call, the cluster's token in its Authorization header. */
    private static Result adminCurl(String method, String url, String... more) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("curl", "-sf", "-X", method, "-H", "Authorization: Bearer " + TOKEN));
        cmd.addAll(List.of(more));
        cmd.add(url);
        return exec(Duration.ofSeconds(30), cmd.toArray(String[]::new));
    }

    /** What the demo origin says it received for a path: {"requests":N,"bodies":M}. */
    private static String originRequests(String path) throws Exception {
        return exec(
                        Duration.ofSeconds(10),
                        "curl",
                        "-sf",
                        "http://127.0.0.1:" + originPort + "/_geotier/requests?path=" + path)
                .output()
                .trim();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String dig(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "dig",
                "-p",
                Integer.toString(dnsPort),
                "@127.0.0.1",
                "cdn.geotier.test",
                "+short",
                "+time=2",
                "+tries=1"));
        cmd.addAll(List.of(args));
        Result result = exec(Duration.ofSeconds(10), cmd.toArray(String[]::new));
        assertEquals(0, result.status(), result.output());
        return result.output().trim();
    }

    private static Result exec(Duration timeout, String... command) throws Exception {
        return shell.exec(timeout, command);
    }

    /** Processes whose command line names the run directory: what up started. */
    private static List<Long> processesOf(Path runDir) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains(runDir.toString()) && cmdline.contains("java")) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("deploy/local/up"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "deploy/local/up not found above " + Path.of("").toAbsolutePath());
    }
}
