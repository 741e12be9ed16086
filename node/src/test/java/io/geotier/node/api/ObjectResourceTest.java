package io.geotier.node.api;

import static io.geotier.node.TestObjects.awaitStored;
import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.cluster.ObjectRecord;
import io.geotier.node.store.ObjectStore;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/** The data path against a real origin and a real Infinispan Server. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class ObjectResourceTest {

    @Inject
    @Remote(ObjectCatalog.CACHE)
    RemoteCache<String, ObjectRecord> catalog;

    @Inject
    ObjectStore store;

    @Test
    void missIsFetchedStoredAndThenServedAsHit() throws Exception {
        String key = originFile(300_000);
        byte[] first = given().get("/" + key)
                .then()
                .statusCode(200)
                .header("X-Cache", "MISS")
                .header("Content-Length", "300000")
                .header("ETag", notNullValue())
                .header("Last-Modified", notNullValue())
                .extract()
                .asByteArray();
        awaitStored(store, key);
        byte[] second = given().get("/" + key)
                .then()
                .statusCode(200)
                .header("X-Cache", "HIT")
                .extract()
                .asByteArray();
        assertArrayEquals(originBytes(key), first);
        assertArrayEquals(originBytes(key), second);
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "one origin fetch");
    }

    @Test
    void headOfAMissAsksTheOriginWithHeadAndFetchesNoBody() throws Exception {
        String key = originFile(4096);
        for (int i = 0; i < 3; i++) {
            given().head("/" + key + "?bust=" + i)
                    .then()
                    .statusCode(200)
                    .header("X-Cache", "MISS")
                    .header("Content-Length", "4096");
        }
        List<String> methods = NodeTestCluster.origin().log().stream()
                .filter(r -> r.path().equals(key))
                .map(r -> r.method())
                .toList();
        assertEquals(List.of("HEAD", "HEAD", "HEAD"), methods, "no body left the origin");
        assertTrue(
                store.find(new io.geotier.node.store.ObjectKey(key, "bust=0")).isEmpty());
        given().get("/" + key).then().statusCode(200).header("X-Cache", "MISS");
        awaitStored(store, key);
        given().head("/" + key).then().statusCode(200).header("X-Cache", "HIT").header("Content-Length", "4096");
    }

    @Test
    void storedObjectIsPublishedToInfinispan() throws Exception {
        String key = originFile(1234);
        String etag = given().get("/" + key).then().statusCode(200).extract().header("ETag");
        ObjectRecord record = null;
        // Named as filling when the fill starts (size unknown), as a holder of this version once stored.
        for (int i = 0; i < 50 && (record == null || record.size() == 0); i++) {
            record = catalog.get(key);
            if (record == null || record.size() == 0) {
                Thread.sleep(100);
            }
        }
        assertNotNull(record, "metadata reached the Infinispan Server");
        assertEquals(1234, record.size());
        assertEquals(etag, record.etag());
        assertEquals(java.util.List.of("test-region@127.0.0.1:8081"), record.holders());
        assertEquals(true, record.expiresAt() > record.storedAt());
    }

    @Test
    void concurrentMissesShareOneOriginFetch() throws Exception {
        String key = originFile(8 << 20);
        int clients = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<byte[]>> bodies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                bodies.add(pool.submit(() -> {
                    go.await();
                    return given().get("/" + key)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asByteArray();
                }));
            }
            go.countDown();
            byte[] expected = originBytes(key);
            for (Future<byte[]> body : bodies) {
                assertArrayEquals(expected, body.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "coalesced into one fetch");
    }

    @Test
    void objectMissingAtOriginIs404WithJson() {
        given().get("/no/such/object.bin")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo(404))
                .body("error", containsString("origin"));
    }

    @Test
    void onlyIfCachedNeverGoesToTheOrigin() throws Exception {
        String key = originFile(100);
        given().header("Cache-Control", "only-if-cached").head("/" + key).then().statusCode(504);
        assertEquals(0, NodeTestCluster.origin().getRequests(key));
        given().get("/" + key).then().statusCode(200);
        awaitStored(store, key);
        given().header("Cache-Control", "only-if-cached")
                .head("/" + key)
                .then()
                .statusCode(200)
                .header("X-Cache", "HIT");
    }

    @TestHTTPResource("/")
    URI base;

    /** Sent with the JDK client: rest-assured would normalise "./" and "//" before sending. */
    @Test
    void badPathsAreRefusedWithJsonAndWriteNothing() throws Exception {
        long filesBefore = storeFileCount();
        long fetchesBefore = NodeTestCluster.origin().getRequests();
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(
                "/../etc/passwd",
                "/a/%2e%2e/%2e%2e/etc/passwd",
                "/a%2Fb",
                "/a%5Cb",
                "/a%00b",
                "/a/./b",
                "/a//b",
                "/" + "k".repeat(1100))) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + base.getRawAuthority() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), path);
            assertEquals(
                    "application/json",
                    response.headers().firstValue("Content-Type").orElse(""),
                    path);
            assertTrue(response.body().contains("\"status\":400"), path + " -> " + response.body());
        }
        assertEquals(filesBefore, storeFileCount());
        assertEquals(fetchesBefore, NodeTestCluster.origin().getRequests(), "nothing asked of the origin");
    }

    @Test
    void otherMethodsAre405WithJson() {
        given().delete("/hello.txt")
                .then()
                .statusCode(405)
                .contentType("application/json")
                .body("status", equalTo(405))
                .header("Allow", "GET, HEAD, POST");
        // POST is packrat's upload form (UploadTest); anything but a form is refused with JSON.
        given().body("x")
                .post("/hello.txt")
                .then()
                .statusCode(415)
                .contentType("application/json")
                .body("status", equalTo(415));
    }

    @Test
    void metricsCountHitsMissesAndBytes() throws IOException {
        String key = originFile(10_000);
        given().get("/" + key).then().statusCode(200);
        given().get("/" + key).then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("geotier_requests_total{cache=\"HIT\"}"))
                .body(containsString("geotier_requests_total{cache=\"MISS\"}"))
                .body(containsString("geotier_served_bytes_total"))
                .body(containsString("geotier_store_objects"))
                .body(containsString("geotier_origin_bytes_total"))
                .body(containsString("geotier_origin_fetch_seconds_count{status=\"200\"}"))
                .body(containsString("geotier_fill_coalesced_total"))
                .body(containsString("geotier_fills_in_flight"))
                .body(containsString("geotier_store_evictions_total"))
                .body(containsString("geotier_store_evicted_bytes_total"))
                .body(containsString("geotier_store_reserved_bytes"))
                .body(containsString("geotier_store_free_bytes"))
                .body(org.hamcrest.Matchers.not(containsString("uri=\"/t/")));
    }

    @Test
    void readyWhenStoreWritableAndInfinispanAnswers() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("store", "infinispan"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private static long storeFileCount() throws IOException {
        try (Stream<Path> files = Files.walk(NodeTestCluster.storeDir())) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
