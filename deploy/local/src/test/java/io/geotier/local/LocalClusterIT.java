package io.geotier.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.client.CacheClient;
import io.geotier.client.Route;
import io.geotier.harness.net.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private static Map<String, String> env;
    private static int dnsPort;
    private static int nodePort;
    private static int dnsHttpPort;
    private static final String TOKEN = "local-it-token";

    @BeforeAll
    static void up() throws Exception {
        run = Files.createTempDirectory("geotier-local-it");
        dnsPort = FreePorts.tcp();
        nodePort = FreePorts.tcp();
        dnsHttpPort = FreePorts.tcp();
        env = Map.of(
                "GEOTIER_LOCAL_RUN_DIR", run.toString(),
                "GEOTIER_ADMIN_TOKEN", TOKEN,
                // one site per region: three consecutive ports each
                "GEOTIER_LOCAL_ISPN_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_JGROUPS_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_BRIDGE_PORT", Integer.toString(FreePorts.tcpRange(3)),
                "GEOTIER_LOCAL_ORIGIN_PORT", Integer.toString(FreePorts.tcp()),
                "GEOTIER_LOCAL_NODE_PORT", Integer.toString(nodePort),
                "GEOTIER_LOCAL_DNS_PORT", Integer.toString(dnsPort),
                "GEOTIER_LOCAL_DNS_HTTP_PORT", Integer.toString(dnsHttpPort));
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

    @Test
    void aPurgeInUsEastIsSeenInEuWest() throws Exception {
        String url = "http://127.0.1.1:" + nodePort + "/media/purge-me.bin";
        Files.write(run.resolve("origin/media/purge-me.bin"), new byte[50_000]);
        assertEquals(
                0,
                exec(Duration.ofSeconds(30), "curl", "-sf", "-o", "/dev/null", url)
                        .status());
        assertTrue(eventually(
                () -> exec(Duration.ofSeconds(30), "curl", "-sI", url).output().contains("X-Cache: HIT")));
        Result purge = exec(
                Duration.ofSeconds(30),
                "curl",
                "-s",
                "-X",
                "DELETE",
                "-H",
                "Authorization: Bearer " + TOKEN,
                "http://127.0.2.1:" + nodePort + "/api/v1/objects/media/purge-me.bin");
        assertTrue(purge.output().contains("\"cluster\":\"shared\""), purge.output());
        assertTrue(
                eventually(() -> exec(Duration.ofSeconds(30), "curl", "-sI", "-H", "Cache-Control: only-if-cached", url)
                        .output()
                        .contains("504")),
                "eu-west no longer holds it");
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
        assertEquals(
                0,
                exec(Duration.ofSeconds(60), "curl", "-sf", "-o", copy.toString(), url)
                        .status());
        assertArrayEquals(Files.readAllBytes(run.resolve("origin/media/1mib.bin")), Files.readAllBytes(copy));
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

    /** A purge sent to us-east takes every region's copy: each node's next answer is a MISS. */
    @Test
    void aPurgeOnUsEastMakesEveryNodeMiss() throws Exception {
        Files.write(run.resolve("origin/media/everywhere.bin"), new byte[30_000]);
        List<String> nodes = List.of("127.0.1.1", "127.0.2.1", "127.0.3.1");
        for (String node : nodes) {
            String url = "http://" + node + ":" + nodePort + "/media/everywhere.bin";
            curlHeaders(url);
            assertTrue(eventually(() -> curlHeaders(url).contains("X-Cache: HIT")), node + " holds it");
        }
        Result purge = exec(
                Duration.ofSeconds(30),
                "curl",
                "-sf",
                "-X",
                "DELETE",
                "-H",
                "Authorization: Bearer " + TOKEN,
                "http://127.0.2.1:" + nodePort + "/api/v1/objects/media/everywhere.bin");
        assertEquals(0, purge.status(), purge.output());
        for (String node : nodes) {
            String url = "http://" + node + ":" + nodePort + "/media/everywhere.bin";
            assertTrue(
                    eventually(() -> curlHeaders(url).contains("X-Cache: MISS")),
                    node + " answers MISS after the purge");
        }
    }

    /** Range through the answered node gives exactly those bytes of the origin's file. */
    @Test
    void aRangeThroughTheAnsweredNodeIsTheOriginsBytes() throws Exception {
        byte[] original = new byte[100_000];
        new java.util.Random(7).nextBytes(original);
        Files.write(run.resolve("origin/media/ranged.bin"), original);
        String node = dig("+subnet=127.0.3.0/24");
        Path part = run.resolve("part.bin");
        Result range = exec(
                Duration.ofSeconds(30),
                "curl",
                "-sf",
                "-r",
                "1000-1999",
                "-o",
                part.toString(),
                "http://" + node + ":" + nodePort + "/media/ranged.bin");
        assertEquals(0, range.status(), range.output());
        assertArrayEquals(java.util.Arrays.copyOfRange(original, 1000, 2000), Files.readAllBytes(part));
    }

    /** A copy one region filled from another keeps the object's tags: a tag purge takes it too. */
    @Test
    void aTagPurgeTakesTheCopiesOtherRegionsFilledFromTheUpload() throws Exception {
        Path file = Files.write(run.resolve("tagged.bin"), new byte[70_000]);
        String upload = "http://127.0.1.1:" + nodePort + "/api/v1/objects/uploads/tagged.bin?tags=show-9";
        Result put = exec(
                Duration.ofSeconds(30),
                "curl",
                "-sf",
                "-X",
                "PUT",
                "-H",
                "Authorization: Bearer " + TOKEN,
                "--data-binary",
                "@" + file,
                upload);
        assertEquals(0, put.status(), put.output());
        String elsewhere = "http://127.0.3.1:" + nodePort + "/uploads/tagged.bin";
        assertEquals("200", curlStatus(elsewhere), "ap-southeast fills from eu-west");
        Result purge = exec(
                Duration.ofSeconds(30),
                "curl",
                "-sf",
                "-X",
                "DELETE",
                "-H",
                "Authorization: Bearer " + TOKEN,
                "http://127.0.1.1:" + nodePort + "/api/v1/objects?tag=show-9");
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
     * A real Prometheus (started here on a free port) scrapes every node and geodns: the hit and
     * DNS query counters it stores are the ones the parts report, and every alert rule of
     * deploy/monitoring evaluates without error over what it scraped, with every metric the rules
     * name present.
     */
    @Test
    void prometheusScrapesEveryPartAndEveryAlertRuleEvaluates() throws Exception {
        Path dir = Files.createDirectories(run.resolve("prometheus"));
        int port = FreePorts.tcp();
        Path rules = ROOT.resolve("deploy/monitoring/rules/geotier.rules.yml");
        Path config = Files.writeString(
                dir.resolve("prometheus.yml"), String.format("""
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: geotier-node
                    metrics_path: /q/metrics
                    static_configs: [{targets: ["127.0.1.1:%d", "127.0.2.1:%d", "127.0.3.1:%d"]}]
                  - job_name: geodns
                    metrics_path: /q/metrics
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """, rules, nodePort, nodePort, nodePort, dnsHttpPort));
        Process prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            Files.write(run.resolve("origin/media/scraped.bin"), new byte[10_000]);
            String eu = "127.0.1.1:" + nodePort;
            curlHeaders("http://" + eu + "/media/scraped.bin");
            assertTrue(eventually(
                    () -> curlHeaders("http://" + eu + "/media/scraped.bin").contains("X-Cache: HIT")));
            for (int i = 0; i < 5; i++) {
                dig("+subnet=81.2.69.0/24");
            }
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            assertTrue(
                    eventually(Duration.ofSeconds(60), () -> "4".equals(value(api, "sum(up)"))), "all four targets up");
            String hits = "geotier_requests_total{cache=\"HIT\",instance=\"" + eu + "\"}";
            assertTrue(
                    eventually(
                            Duration.ofSeconds(30), () -> sameNumber(value(api, hits), scrape("http://" + eu, hits))),
                    "Prometheus holds eu-west's hit count");
            assertTrue(Double.parseDouble(value(api, hits)) >= 1);
            String queries = "sum(geodns_queries_total)";
            assertTrue(
                    eventually(
                            Duration.ofSeconds(30),
                            () -> sameNumber(
                                    value(api, queries),
                                    scrapeSum("http://127.0.0.1:" + dnsHttpPort, "geodns_queries_total"))),
                    "Prometheus holds geodns's query count");
            assertTrue(Double.parseDouble(value(api, queries)) >= 5);
            for (String metric : metricsNamedIn(rules)) {
                assertTrue(
                        eventually(Duration.ofSeconds(20), () -> value(api, "count(" + metric + ")") != null),
                        metric + " is scraped");
            }
            assertTrue(
                    eventually(Duration.ofSeconds(20), () -> rulesHealthy(api)),
                    "every rule evaluated: "
                            + exec(Duration.ofSeconds(10), "curl", "-s", api + "rules")
                                    .output());
        } finally {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The first value of an instant query, or null when it has none. */
    private static String value(String api, String query) throws Exception {
        Result result =
                exec(Duration.ofSeconds(10), "curl", "-s", "-G", api + "query", "--data-urlencode", "query=" + query);
        Map<String, Object> answer = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(result.output());
        List<?> vector = (List<?>) ((Map<?, ?>) answer.get("data")).get("result");
        return vector.isEmpty() ? null : String.valueOf(((List<?>) ((Map<?, ?>) vector.get(0)).get("value")).get(1));
    }

    private static boolean rulesHealthy(String api) throws Exception {
        Map<String, Object> answer = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(
                exec(Duration.ofSeconds(10), "curl", "-s", api + "rules").output());
        List<?> groups = (List<?>) ((Map<?, ?>) answer.get("data")).get("groups");
        int rules = 0;
        for (Object group : groups) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                if (!"ok".equals(r.get("health"))) {
                    return false;
                }
                rules++;
            }
        }
        return rules > 0;
    }

    /** The value of one series in a part's own /q/metrics ("name{labels}" as Prometheus prints it, instance left out). */
    private static String scrape(String base, String selector) throws Exception {
        String name = selector.substring(0, selector.indexOf('{'));
        String label = selector.substring(selector.indexOf('{') + 1, selector.indexOf(','));
        for (String line : exec(Duration.ofSeconds(10), "curl", "-s", base + "/q/metrics")
                .output()
                .split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return line.substring(line.lastIndexOf(' ') + 1);
            }
        }
        return null;
    }

    private static String scrapeSum(String base, String name) throws Exception {
        double sum = 0;
        for (String line : exec(Duration.ofSeconds(10), "curl", "-s", base + "/q/metrics")
                .output()
                .split("\n")) {
            if (line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.toString(sum);
    }

    private static boolean sameNumber(String a, String b) {
        return a != null && b != null && Double.parseDouble(a) == Double.parseDouble(b);
    }

    private static List<String> metricsNamedIn(Path rules) throws IOException {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(geotier|geodns)_[a-z_]+").matcher(Files.readString(rules));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return List.copyOf(names);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Whether the check holds within 10 s: a fill commits a moment after its client got the bytes. */
    private static boolean eventually(Check check) throws Exception {
        return eventually(Duration.ofSeconds(10), check);
    }

    private static boolean eventually(Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
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

    record Result(int status, String output) {}

    private static Result exec(Duration timeout, String... command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
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
