package io.geotier.node.api;

import static io.geotier.node.RawHttp.cache;
import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.RawHttp;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streaming, failure and freshness behaviour of the data path against an origin that misbehaves. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class DataPlaneTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectStore store;

    @Inject
    io.geotier.node.fetch.Filler filler;

    @AfterEach
    void wellBehavedOrigin() {
        NodeTestCluster.origin().faults().clear();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return RawHttp.get(base, path, headers);
    }

    HttpResponse<InputStream> open(String path) throws Exception {
        return RawHttp.open(base, path);
    }

    void awaitStored(String key) throws InterruptedException {
        TestObjects.awaitStored(store, key);
    }

    /** Waits until every fill has ended: committed, discarded or failed. */
    void awaitNoFill() throws InterruptedException {
        TestObjects.awaitTrue("no fill in flight", () -> filler.fillsInFlight() == 0);
    }

    @Test
    void missStreamsToTheClientWhileTheFillIsStillRunning() throws Exception {
        String key = originFile(4 << 20);
        NodeTestCluster.origin().faults().throttle(2_000_000);
        HttpResponse<InputStream> response = open(key);
        assertEquals(200, response.statusCode());
        assertEquals("MISS", cache(response));
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes(64 * 1024);
            assertEquals(64 * 1024, first.length);
            assertTrue(store.find(new ObjectKey(key)).isEmpty(), "first bytes arrived before the object was stored");
            byte[] rest = body.readAllBytes();
            byte[] all = new byte[first.length + rest.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            assertArrayEquals(originBytes(key), all);
        }
    }

    /** Larger than the in-memory limit (1 MiB): hits are written from a kept mapping (MappedBodies). */
    @Test
    void largeHitsComeWholeAndInRangesFromTheMappingAndAPurgeEndsIt() throws Exception {
        String key = originFile(3 << 20);
        byte[] bytes = originBytes(key);
        assertArrayEquals(bytes, get(key).body());
        awaitStored(key);
        HttpResponse<byte[]> hit = get(key);
        assertEquals("HIT", hit.headers().firstValue("X-Cache").orElseThrow());
        assertArrayEquals(bytes, hit.body());
        HttpResponse<byte[]> range = get(key, "Range", "bytes=2000000-2000999");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 2_000_000, 2_001_000), range.body());
        java.nio.file.Path file = store.find(new ObjectKey(key)).orElseThrow().file();
        store.remove(new ObjectKey(key));
        assertTrue(Files.notExists(file), "the purged file is deleted, mapping or not");
        assertEquals("MISS", get(key).headers().firstValue("X-Cache").orElseThrow());
    }

    /**
     * Over HTTP/2 one connection carries many users' streams: a fill that breaks resets its own
     * stream, not the connection, so a download beside it on the same connection ends whole.
     * Cutting the whole connection left other streams with nothing (bench/soak saw 200s with empty
     * bodies through the JDK's client).
     */
    @Test
    void overHttp2ABrokenFillResetsItsStreamAndNotTheOthers() throws Exception {
        String broken = originFile(1 << 20);
        String whole = originFile(1 << 20);
        NodeTestCluster.origin().faults().throttle(4 << 20).breakAfter(broken, 300_000);
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        h2.send(
                java.net.http.HttpRequest.newBuilder(base.resolve("q/health/live"))
                        .build(),
                HttpResponse.BodyHandlers.discarding()); // upgrades the connection (h2c)
        var wholeAnswer = h2.sendAsync(
                java.net.http.HttpRequest.newBuilder(base.resolve(whole)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var brokenAnswer = h2.sendAsync(
                java.net.http.HttpRequest.newBuilder(base.resolve(broken)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> brokenAnswer.get(),
                "a short body must not look whole");
        HttpResponse<byte[]> answer = wholeAnswer.get();
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, answer.version());
        assertEquals(200, answer.statusCode());
        assertArrayEquals(originBytes(whole), answer.body(), "the stream beside the broken one ends whole");
    }

    @Test
    void originThatBreaksMidBodyCutsTheClientAndStoresNothing() throws Exception {
        String key = originFile(1 << 20);
        NodeTestCluster.origin().faults().breakAfter(key, 300_000);
        assertThrows(IOException.class, () -> get(key), "a short body must not look whole");
        assertTrue(store.find(new ObjectKey(key)).isEmpty(), "the broken fill was not stored");
        NodeTestCluster.origin().faults().clear();
        HttpResponse<byte[]> retry = get(key);
        assertEquals("MISS", cache(retry));
        assertArrayEquals(originBytes(key), retry.body());
    }

    @Test
    void clientThatLeavesDoesNotStopTheFill() throws Exception {
        String key = originFile(2 << 20);
        NodeTestCluster.origin().faults().throttle(4_000_000);
        HttpResponse<InputStream> response = open(key);
        try (InputStream body = response.body()) {
            body.readNBytes(10_000);
        }
        awaitStored(key);
        HttpResponse<byte[]> again = get(key);
        assertEquals("HIT", cache(again));
        assertArrayEquals(originBytes(key), again.body());
        assertEquals(1, NodeTestCluster.origin().getRequests(key));
    }

    @Test
    void expiredObjectIsRevalidatedWithItsValidators() throws Exception {
        String key = originFile(5000);
        NodeTestCluster.origin().faults().headers(key, Map.of("Cache-Control", "max-age=0"));
        assertEquals("MISS", cache(get(key)));
        awaitStored(key);
        HttpResponse<byte[]> second = get(key);
        assertEquals("REVALIDATED", cache(second));
        assertArrayEquals(originBytes(key), second.body());
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "304: nothing downloaded again");
        var revalidation = NodeTestCluster.origin().log().stream()
                .filter(r -> r.path().equals(key))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(revalidation.headers().containsKey("If-None-Match"), "conditional request sent");
    }

    @Test
    void staleCopyIsServedWhileTheOriginIsDownOrSlow() throws Exception {
        String key = originFile(5000);
        NodeTestCluster.origin().faults().headers(key, Map.of("Cache-Control", "max-age=0, stale-if-error=600"));
        assertEquals("MISS", cache(get(key)));
        awaitStored(key);
        NodeTestCluster.origin().faults().dropConnections(true);
        HttpResponse<byte[]> down = get(key);
        assertEquals(200, down.statusCode());
        assertEquals("STALE", cache(down));
        assertArrayEquals(originBytes(key), down.body());
        NodeTestCluster.origin().faults().dropConnections(false).headerDelay(Duration.ofSeconds(3));
        assertEquals("STALE", cache(get(key)), "origin slower than the 1 s timeout");
    }

    @Test
    void withoutACopyAFailingOriginIs502AndASlowOne504WithJson() throws Exception {
        NodeTestCluster.origin().faults().dropConnections(true);
        HttpResponse<byte[]> down = get(originFile(100));
        assertEquals(502, down.statusCode());
        assertTrue(new String(down.body()).contains("\"status\":502"));
        NodeTestCluster.origin().faults().dropConnections(false).forceStatus(503);
        assertEquals(502, get(originFile(100)).statusCode());
        NodeTestCluster.origin().faults().forceStatus(0).headerDelay(Duration.ofSeconds(3));
        HttpResponse<byte[]> slow = get(originFile(100));
        assertEquals(504, slow.statusCode());
        assertTrue(new String(slow.body()).contains("\"status\":504"));
    }

    @Test
    void staleWhileRevalidateAnswersAtOnceAndRefreshesBehind() throws Exception {
        String key = originFile(3000);
        NodeTestCluster.origin()
                .faults()
                .headers(key, Map.of("Cache-Control", "max-age=0, stale-while-revalidate=600"));
        assertEquals("MISS", cache(get(key)));
        awaitStored(key);
        int before = NodeTestCluster.origin().log().size();
        HttpResponse<byte[]> second = get(key);
        assertEquals("STALE", cache(second));
        assertArrayEquals(originBytes(key), second.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (NodeTestCluster.origin().log().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(NodeTestCluster.origin().log().size() > before, "a refresh went to the origin");
    }

    @Test
    void noStoreAndPrivateResponsesAreNeverStored() throws Exception {
        for (String directive : new String[] {"no-store", "private, max-age=600"}) {
            String key = originFile(2000);
            NodeTestCluster.origin().faults().headers(key, Map.of("Cache-Control", directive));
            HttpResponse<byte[]> first = get(key);
            assertArrayEquals(originBytes(key), first.body());
            assertEquals("BYPASS", cache(first), "relayed, never written (hit-for-pass)");
            awaitNoFill();
            long fetched = NodeTestCluster.origin().getRequests(key);
            assertEquals(1, fetched, "the fill's own answer was relayed: one origin GET, not two");
            assertEquals("BYPASS", cache(get(key)));
            assertEquals(fetched + 1, NodeTestCluster.origin().getRequests(key), directive);
            assertTrue(store.find(new ObjectKey(key)).isEmpty());
        }
    }

    @Test
    void queryParametersMatterButPresignedOnesNeverDo() throws Exception {
        String key = originFile(1000);
        assertEquals("MISS", cache(get(key + "?v=1&X-Amz-Signature=abc&X-Amz-Expires=60")));
        awaitNoFill();
        assertEquals("HIT", cache(get(key + "?X-Amz-Signature=other&v=1")), "another signature, same object");
        assertEquals("MISS", cache(get(key + "?v=2")), "another version");
        var fill = NodeTestCluster.origin().log().stream()
                .filter(r -> r.path().equals(key))
                .findFirst()
                .orElseThrow();
        assertTrue(fill.query().contains("X-Amz-Signature=abc"), "the origin got the signature: " + fill.query());
    }

    @Test
    void objectLargerThanTheBudgetStreamsThroughUnstored() throws Exception {
        String key = originFile(80 << 20);
        HttpResponse<byte[]> response = get(key);
        assertEquals(200, response.statusCode());
        assertEquals("BYPASS", cache(response));
        assertTrue(Arrays.equals(originBytes(key), response.body()));
        assertTrue(store.find(new ObjectKey(key)).isEmpty());
        assertTrue(store.sizeBytes() <= 64L << 20);
        Files.delete(NodeTestCluster.origin().root().resolve(key));
    }

    @Test
    void rangeFarAheadOfAColdFillIsFetchedOnItsOwn() throws Exception {
        String key = originFile(8 << 20);
        NodeTestCluster.origin().faults().throttle(2_000_000);
        HttpResponse<byte[]> range = get(key, "Range", "bytes=7000000-7000999");
        assertEquals(206, range.statusCode());
        assertEquals(
                "bytes 7000000-7000999/" + (8 << 20),
                range.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(originBytes(key), 7_000_000, 7_001_000), range.body());
        assertTrue(store.find(new ObjectKey(key)).isEmpty(), "answered long before the fill reached byte 7000000");
    }

    @Test
    void severalRangesOfAFillInProgressArriveAsOneMultipartBody() throws Exception {
        String key = originFile(4 << 20);
        byte[] bytes = originBytes(key);
        NodeTestCluster.origin().faults().throttle(8_000_000);
        HttpResponse<byte[]> response = get(key, "Range", "bytes=0-9,1000000-1000009");
        assertEquals(206, response.statusCode());
        assertEquals("MISS", cache(response));
        String body = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("multipart/byteranges"));
        assertTrue(body.contains(
                new String(Arrays.copyOfRange(bytes, 0, 10), java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertTrue(body.contains(new String(
                Arrays.copyOfRange(bytes, 1_000_000, 1_000_010), java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertTrue(body.contains("Content-Range: bytes 1000000-1000009/" + (4 << 20)));
    }

    @Test
    void rangeOnAFillOfUnknownLengthGetsTheWholeObject() throws Exception {
        String key = originFile(100_000);
        NodeTestCluster.origin().faults().chunked(key);
        HttpResponse<byte[]> response = get(key, "Range", "bytes=10-19");
        assertEquals(200, response.statusCode());
        assertArrayEquals(originBytes(key), response.body());
        awaitStored(key);
        HttpResponse<byte[]> stored = get(key, "Range", "bytes=10-19");
        assertEquals(206, stored.statusCode(), "once stored its length is known");
        assertArrayEquals(Arrays.copyOfRange(originBytes(key), 10, 20), stored.body());
    }
}
