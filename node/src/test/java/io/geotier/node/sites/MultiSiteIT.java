package io.geotier.node.sites;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.harness.infinispan.InfinispanServer;
import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.infinispan.InfinispanSites;
import io.geotier.harness.net.FreePorts;
import io.geotier.harness.origin.DemoOrigin;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two regions as they run in production: each with its own real Infinispan Server site, the
 * sites joined by cross-site replication over TLS, a real node process per region talking only to
 * its own site, one real origin. What one region does (purge, fill, register) the other sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiSiteIT {

    static final String TOKEN = "multi-site-token";
    private static final Map<String, String> FAST_REGISTRY =
            Map.of("GEOTIER_REGISTRY_HEARTBEAT", "500ms", "GEOTIER_REGISTRY_LIFESPAN", "3s");
    private static Path work;
    private static InfinispanSites sites;
    private static DemoOrigin origin;
    private static NodeProcess north;
    private static NodeProcess south;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startRegions() throws Exception {
        work = Files.createTempDirectory("geotier-multi-site");
        Map<String, InfinispanSites.SitePorts> ports = new LinkedHashMap<>();
        ports.put("north", InfinispanSites.SitePorts.free(FreePorts::tcp));
        ports.put("south", InfinispanSites.SitePorts.free(FreePorts::tcp));
        sites = InfinispanSites.start(
                InfinispanSites.plan(work.resolve("sites"), ports, InfinispanServerOptions.defaultUsers()));
        Path files = Files.createDirectories(work.resolve("origin"));
        Random random = new Random(7);
        for (String name : new String[] {"purged.bin", "peer.bin", "cut.bin", "in-flight.bin"}) {
            byte[] bytes = new byte[name.equals("in-flight.bin") ? 4_000_000 : 300_000];
            random.nextBytes(bytes);
            Files.write(files.resolve(name), bytes);
        }
        origin = DemoOrigin.start(work.resolve("origin"), "127.0.0.1", 0);
        north = NodeProcess.start(
                work, "north", FreePorts.tcp(), 60.0, 10.0, sites.options("north"), origin.baseUri(), FAST_REGISTRY);
        south = NodeProcess.start(
                work, "south", FreePorts.tcp(), -30.0, 20.0, sites.options("south"), origin.baseUri(), FAST_REGISTRY);
    }

    @AfterAll
    static void stopRegions() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {north, south, origin, sites}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void anAnonymousHotRodClientIsRefused() {
        InfinispanServer site = sites.site("north");
        ConfigurationBuilder anonymous = new ConfigurationBuilder();
        anonymous.addServer().host("127.0.0.1").port(site.port());
        anonymous.connectionTimeout(2000).socketTimeout(2000).maxRetries(0);
        try (RemoteCacheManager manager = new RemoteCacheManager(anonymous.build())) {
            assertThrows(
                    RuntimeException.class,
                    () -> manager.getCache("geotier-purges").get("anything"));
        }
    }

    @Test
    @Order(2)
    void everyNodeAnswersTheRegistryOfEveryRegion() throws Exception {
        await(
                "south lists the north node",
                () -> south.admin("GET", "/api/v1/nodes").body().contains("\"north\""));
        await(
                "north lists the south node",
                () -> north.admin("GET", "/api/v1/nodes").body().contains("\"south\""));
    }

    @Test
    @Order(3)
    void aMissInOneRegionIsFilledFromTheOtherAndTheOriginIsNotAsked() throws Exception {
        String key = "peer.bin";
        double peerFillsBefore = metric(south, "geotier_peer_fills_total");
        assertEquals("MISS", north.cacheStatus("/" + key));
        await("south's site has north's catalog record", () -> heldBy(south, key, north));
        HttpResponse<byte[]> fromSouth = south.get("/" + key);
        assertEquals(200, fromSouth.statusCode());
        assertArrayEquals(Files.readAllBytes(origin.root().resolve(key)), fromSouth.body());
        assertEquals(1, origin.getRequests(key), "one origin fetch for two regions");
        assertEquals(peerFillsBefore + 1, metric(south, "geotier_peer_fills_total"), "south counted a peer fill");
    }

    /** packrat's upload on one node; the origin never had the object, every region serves it. */
    @Test
    @Order(4)
    void anObjectUploadedInOneRegionIsServedByTheOther() throws Exception {
        String key = "uploads/site-" + System.nanoTime() + ".bin";
        byte[] bytes = new byte[120_000];
        new Random(3).nextBytes(bytes);
        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(north.uri("/api/v1/objects/" + key))
                        .header("Authorization", "Bearer " + TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        await("south's site has north's record", () -> heldBy(south, key, north));
        HttpResponse<byte[]> fromSouth = south.get("/" + key);
        assertEquals(200, fromSouth.statusCode());
        assertArrayEquals(bytes, fromSouth.body());
        assertEquals(0, origin.getRequests(key), "the origin was never asked");
    }

    /** South misses while north is still fetching from the origin: south streams north's fill. */
    @Test
    @Order(4)
    void aMissWhileAnotherRegionIsFillingStreamsFromThatFill() throws Exception {
        String key = "in-flight.bin";
        origin.faults().throttle(2_000_000); // 4 MB at 2 MB/s: a fill of two seconds
        try {
            Thread northFill = new Thread(() -> {
                try {
                    north.get("/" + key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            northFill.start();
            await("south's site names north as filling it", () -> heldBy(south, key, north));
            HttpResponse<byte[]> fromSouth = south.get("/" + key);
            northFill.join();
            assertEquals(200, fromSouth.statusCode());
            assertArrayEquals(Files.readAllBytes(origin.root().resolve(key)), fromSouth.body());
            assertEquals(1, origin.getRequests(key), "one origin fetch: south streamed north's fill");
        } finally {
            origin.faults().clear();
        }
    }

    @Test
    @Order(5)
    void aPurgeInOneRegionIsSeenInTheOther() throws Exception {
        String key = "purged.bin";
        north.get("/" + key);
        awaitHit(south, key);
        HttpResponse<String> purge = north.admin("DELETE", "/api/v1/objects/" + key);
        assertEquals(200, purge.statusCode(), purge.body());
        assertTrue(purge.body().contains("\"cluster\":\"shared\""), purge.body());
        long purged = System.nanoTime();
        await("south stops serving it", () -> !onlyIfCached(south, key));
        System.out.printf("purge on north seen on south after %.1f ms%n", (System.nanoTime() - purged) / 1e6);
    }

    @Test
    @Order(6)
    void aStoppedNodesEntryExpiresFromEveryRegion() throws Exception {
        NodeProcess east = NodeProcess.start(
                work, "east", FreePorts.tcp(), 30.0, 120.0, sites.options("north"), origin.baseUri(), FAST_REGISTRY);
        try {
            await(
                    "south sees east",
                    () -> south.admin("GET", "/api/v1/nodes").body().contains("\"east\""));
        } finally {
            east.kill();
        }
        long killed = System.nanoTime();
        await(
                "east's entry expired on south",
                () -> !south.admin("GET", "/api/v1/nodes").body().contains("\"east\""));
        System.out.printf(
                "registry entry gone from the other site %.1f s after its node was killed%n",
                (System.nanoTime() - killed) / 1e9);
    }

    /**
     * South's site dies: south keeps serving its copies and stays ready, even restarted while its
     * site is down; a purge made in north meanwhile is applied in south once its site is back.
     */
    @Test
    @Order(7)
    void aNodeCutOffFromItsSiteKeepsServingAndAppliesPurgesMadeMeanwhile() throws Exception {
        String key = "cut.bin";
        north.get("/" + key);
        awaitHit(south, key);
        sites.stop("south");
        await(
                "south noticed",
                () -> new String(south.get("/q/metrics").body()).contains("geotier_cluster_connected 0.0"));
        assertEquals("HIT", south.cacheStatus("/" + key), "served from disk while cut off");
        assertEquals(200, south.get("/q/health/ready").statusCode(), "still ready");

        // Restarted while its site is still down: it starts, is ready and serves its disk.
        south.close();
        south = NodeProcess.start(
                work, "south", south.port, -30.0, 20.0, sites.options("south"), origin.baseUri(), FAST_REGISTRY);
        assertEquals("HIT", south.cacheStatus("/" + key), "served from disk by a node that started without its site");

        HttpResponse<String> purge = north.admin("DELETE", "/api/v1/objects/" + key);
        assertEquals(200, purge.statusCode(), purge.body());
        assertEquals("HIT", south.cacheStatus("/" + key), "south cannot know yet");

        sites.restart("south");
        await("south applied the purge made while it was cut off", () -> !onlyIfCached(south, key));
        assertTrue(north.cacheStatus("/" + key).equals("MISS"));
    }

    /** Fetches the key through the node until the node answers it as a HIT. */
    private static void awaitHit(NodeProcess node, String key) throws Exception {
        await(node.region + " holds " + key, () -> {
            node.get("/" + key);
            return node.cacheStatus("/" + key).equals("HIT");
        });
    }

    private static double metric(NodeProcess node, String name) throws Exception {
        for (String line : new String(node.get("/q/metrics").body()).split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /** Whether the node still holds a copy it would serve without asking anyone. */
    private static boolean onlyIfCached(NodeProcess node, String key) throws Exception {
        HttpResponse<Void> r = HTTP.send(
                HttpRequest.newBuilder(node.uri("/" + key))
                        .header("Cache-Control", "only-if-cached")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200
                && "HIT".equals(r.headers().firstValue("X-Cache").orElse(""));
    }

    /** Whether the node, asked to verify the key, names {@code holder} among the cluster's holders. */
    private static boolean heldBy(NodeProcess asked, String key, NodeProcess holder) throws Exception {
        return asked.admin("GET", "/api/v1/objects/" + key)
                .body()
                .matches("(?s).*\"heldBy\":\\[[^]]*\"" + holder.region + "@127.0.0.1:" + holder.port + "\".*");
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out: " + what + "\nnorth:\n" + tail(north) + "\nsouth:\n" + tail(south));
    }

    private static String tail(NodeProcess node) {
        try {
            String log = node.log();
            return log.substring(Math.max(0, log.length() - 3000));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
