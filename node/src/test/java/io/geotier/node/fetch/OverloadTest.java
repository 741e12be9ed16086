package io.geotier.node.fetch;

import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.RawHttp;
import io.geotier.node.TestObjects;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fills and pass-throughs past their bounds get a 503 at once instead of a thread each. */
@QuarkusTest
@TestProfile(OverloadTest.TwoOfEach.class)
@WithTestResource(NodeTestCluster.class)
class OverloadTest {

    public static class TwoOfEach implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "geotier.limits.max-fills",
                    "2",
                    "geotier.limits.max-pass-throughs",
                    "2",
                    "geotier.limits.max-syncs",
                    "1",
                    "geotier.limits.client-stall-timeout",
                    "2s",
                    "geotier.origin.timeout",
                    "10s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    Filler filler;

    @Inject
    io.geotier.node.store.ObjectStore store;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @AfterEach
    void wellBehavedOrigin() throws InterruptedException {
        NodeTestCluster.origin().faults().clear();
        TestObjects.awaitTrue("no fill in flight", () -> filler.fillsInFlight() == 0);
    }

    @Test
    void aThirdFillWaitsForNoThreadItGetsA503() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(originFile(1000));
        }
        NodeTestCluster.origin().faults().headerDelay(Duration.ofSeconds(2));
        CompletableFuture<HttpResponse<byte[]>> first = RawHttp.getAsync(base, keys.get(0));
        CompletableFuture<HttpResponse<byte[]>> second = RawHttp.getAsync(base, keys.get(1));
        TestObjects.awaitTrue("two fills running", () -> filler.fillsInFlight() == 2);
        HttpResponse<byte[]> third = RawHttp.get(base, keys.get(2));
        assertBusy(third, false);
        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aSyncPastItsBoundGets429() throws Exception {
        String slow = originFile(1000);
        String next = originFile(1000);
        NodeTestCluster.origin().faults().headerDelay(Duration.ofSeconds(2));
        io.restassured.RestAssured.given()
                .post("/api/v1/objects/" + slow + "/sync")
                .then()
                .statusCode(202);
        io.restassured.RestAssured.given()
                .post("/api/v1/objects/" + next + "/sync")
                .then()
                .statusCode(429)
                .header("Retry-After", "1")
                .body("status", org.hamcrest.Matchers.equalTo(429));
        TestObjects.awaitStored(store, slow);
        int status = 0;
        for (int i = 0; i < 100 && status != 202; i++) {
            status = io.restassured.RestAssured.given()
                    .post("/api/v1/objects/" + next + "/sync")
                    .statusCode();
            Thread.sleep(100);
        }
        assertEquals(202, status, "the slot is free again");
    }

    @Test
    void aThirdPassThroughGetsA503() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(originFile(1000));
        }
        NodeTestCluster.origin().faults().headerDelay(Duration.ofSeconds(2));
        List<CompletableFuture<HttpResponse<byte[]>>> heads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String key = keys.get(i);
            heads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.head(base, key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        TestObjects.awaitTrue(
                "two HEADs at the origin",
                () -> NodeTestCluster.origin().log().stream()
                                .filter(r -> r.method().equals("HEAD") && keys.contains(r.path()))
                                .count()
                        == 2);
        assertBusy(RawHttp.head(base, keys.get(2)), true);
        for (CompletableFuture<HttpResponse<byte[]>> head : heads) {
            assertEquals(200, head.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void aClientThatStopsReadingARelayedBodyIsResetAndFreesItsSlot() throws Exception {
        String key = originFile(30 << 20);
        try (java.net.Socket client = new java.net.Socket()) {
            client.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            client.getOutputStream()
                    .write(("GET /" + key + " HTTP/1.1\r\nHost: node\r\nRange: bytes=20000000-\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 206", new String(client.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
            double connected = openConnections(); // counted now that the node has answered
            // Never read: the kernel buffers fill, then the node's queue, then the 2 s stall timeout
            // must drop the connection itself, not wait for a flush the client never allows.
            TestObjects.awaitTrue(
                    "the stalled connection is gone without the client reading",
                    () -> openConnections() <= connected - 1);
            client.setSoTimeout(10_000);
            java.io.IOException cut = null;
            try {
                while (client.getInputStream().read(new byte[65536]) >= 0) {
                    // whatever arrived before the reset
                }
            } catch (java.io.IOException e) {
                cut = e;
            }
            assertTrue(cut instanceof java.net.SocketException, "reset, not a graceful end: " + cut);
        }
        // Its relay slot is free again: two more relays run at once.
        NodeTestCluster.origin().faults().headerDelay(Duration.ofSeconds(1));
        CompletableFuture<HttpResponse<byte[]>> one = CompletableFuture.supplyAsync(() -> head(originFileQuietly()));
        HttpResponse<byte[]> two = head(originFileQuietly());
        assertEquals(200, two.statusCode());
        assertEquals(200, one.get(30, TimeUnit.SECONDS).statusCode());
    }

    private double openConnections() {
        return registry.get("geotier.connections.open").gauge().value();
    }

    private HttpResponse<byte[]> head(String key) {
        try {
            return RawHttp.head(base, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String originFileQuietly() {
        try {
            return originFile(1000);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertBusy(HttpResponse<byte[]> response, boolean head) {
        assertEquals(503, response.statusCode());
        assertEquals("1", RawHttp.header(response, "Retry-After"));
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (!head) {
            assertTrue(body.contains("\"status\":503"), body);
        }
    }
}
