package io.geotier.node.api;

import static io.geotier.node.RawHttp.cache;
import static io.geotier.node.RawHttp.header;
import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.RawHttp;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that cost far more than they should, or got the wrong answer, when the running node
 * was attacked (issue 8): each test failed before its fix.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class HostileRequestsTest {

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern(
                    "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectStore store;

    @AfterEach
    void wellBehavedOrigin() {
        NodeTestCluster.origin().faults().clear();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return RawHttp.get(base, path, headers);
    }

    private void prime(String key) throws Exception {
        assertEquals(200, get(key).statusCode());
        stored(key);
    }

    private StoredObject stored(String key) throws InterruptedException {
        TestObjects.awaitStored(store, key);
        return store.find(new ObjectKey(key)).orElseThrow();
    }

    @Test
    void overlappingRangesAreMergedSoNoAnswerOutgrowsTheObject() throws Exception {
        String key = originFile(100_000);
        prime(key);
        HttpResponse<byte[]> sixteen = get(key, "Range", "bytes=" + "0-,".repeat(15) + "0-");
        assertEquals(206, sixteen.statusCode());
        assertEquals("bytes 0-99999/100000", header(sixteen, "Content-Range"));
        assertEquals(100_000, sixteen.body().length);
        HttpResponse<byte[]> adjacent = get(key, "Range", "bytes=0-9,10-19,5-14");
        assertEquals("bytes 0-19/100000", header(adjacent, "Content-Range"));
        StringBuilder many = new StringBuilder("bytes=0-0");
        for (int i = 1; i <= 64; i++) {
            many.append(',').append(i * 10).append('-').append(i * 10);
        }
        HttpResponse<byte[]> tooMany = get(key, "Range", many.toString());
        assertEquals(200, tooMany.statusCode(), "65 ranges: the whole object, as nginx and Apache do");
        assertEquals(100_000, tooMany.body().length);
    }

    @Test
    void rangesRfc9110AllowsAreAnswered() throws Exception {
        String key = originFile(1000);
        byte[] bytes = originBytes(key);
        prime(key);
        HttpResponse<byte[]> trailingComma = get(key, "Range", "bytes=0-1,");
        assertEquals(206, trailingComma.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 2), trailingComma.body());
        HttpResponse<byte[]> huge = get(key, "Range", "bytes=990-99999999999999999999999999");
        assertEquals(206, huge.statusCode());
        assertEquals("bytes 990-999/1000", header(huge, "Content-Range"));
    }

    @Test
    void everyHttpDateFormIsUnderstoodInRequestsAndFromTheOrigin() throws Exception {
        String key = originFile(1000);
        Instant lastModified = Instant.parse("2026-01-02T03:04:05Z");
        Instant expires = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        NodeTestCluster.origin()
                .faults()
                .headers(
                        key,
                        Map.of(
                                "Cache-Control",
                                "public",
                                "Last-Modified",
                                RFC_850.format(lastModified),
                                "Expires",
                                RFC_850.format(expires)));
        assertEquals(200, get(key).statusCode());
        StoredObject object = stored(key);
        assertEquals(lastModified, object.lastModified(), "an RFC 850 Last-Modified is kept");
        assertTrue(
                Duration.between(object.expiresAt(), expires).abs().toSeconds() < 3,
                "an RFC 850 Expires sets the lifetime: " + object.expiresAt() + " for " + expires);
        assertEquals("HIT", cache(get(key)));
        String later = "Sunday, 01-Feb-26 00:00:00 GMT";
        assertEquals(304, get(key, "If-Modified-Since", later).statusCode());
        assertEquals(
                304,
                get(key, "If-Modified-Since", ASCTIME.format(Instant.parse("2026-02-01T00:00:00Z")))
                        .statusCode());
        assertEquals(
                200,
                get(key, "If-Modified-Since", "Thursday, 01-Jan-26 00:00:00 GMT")
                        .statusCode());
    }

    @Test
    void anAbsurdLifetimeIsClampedNotAnError() throws Exception {
        String key = originFile(1000);
        NodeTestCluster.origin().faults().headers(key, Map.of("Cache-Control", "max-age=99999999999999999"));
        assertEquals(200, get(key).statusCode());
        StoredObject object = stored(key);
        assertTrue(object.expiresAt().isAfter(Instant.now().plus(Duration.ofDays(365 * 60))), "2^31 s ahead");
        assertEquals("HIT", cache(get(key)));
    }

    @Test
    void theOriginsAgeShortensTheLifetime() throws Exception {
        String key = originFile(1000);
        NodeTestCluster.origin().faults().headers(key, Map.of("Cache-Control", "max-age=600", "Age", "3600"));
        assertEquals(200, get(key).statusCode());
        assertTrue(stored(key).expiresAt().isBefore(Instant.now()), "already older than its max-age upstream");
        assertNotEquals("HIT", cache(get(key)));
    }

    @Test
    void pathsThatDifferOnlyInInvalidUtf8AreDifferentObjects() throws Exception {
        // The demo origin decodes both to U+FFFD and serves one file; the node must still ask for each.
        String name = "k-" + UUID.randomUUID();
        Files.write(
                NodeTestCluster.origin().root().resolve(name + "\uFFFD.bin"), "body".getBytes(StandardCharsets.UTF_8));
        assertEquals("MISS", cache(get(name + "%ff.bin")));
        TestObjects.awaitTrue(
                "stored",
                () -> store.find(ObjectKey.fromRawPath("/" + name + "%ff.bin")).isPresent());
        assertEquals("MISS", cache(get(name + "%fe.bin")), "%fe is not the object stored for %ff");
        assertEquals("HIT", cache(get(name + "%FF.bin")), "hex case does not make another key");
    }

    @Test
    void aSuffixRangeOfAColdObjectIsFetchedOnItsOwn() throws Exception {
        String key = originFile(8 << 20);
        byte[] bytes = originBytes(key);
        NodeTestCluster.origin().faults().throttle(1 << 20); // the whole fill takes 8 s
        HttpResponse<byte[]> tail = get(key, "Range", "bytes=-1000");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 1000, bytes.length), tail.body());
        assertTrue(
                NodeTestCluster.origin().log().stream()
                        .anyMatch(r -> r.path().equals(key)
                                && "bytes=-1000".equals(r.headers().getFirst("Range"))),
                "the suffix went to the origin as a range of its own");
    }

    @Test
    void anOriginRedirectIsNotFollowed() throws Exception {
        String key = "moved-" + UUID.randomUUID() + ".bin";
        String inside = "http://" + NodeTestCluster.infinispanAddress() + "/rest/v2/caches";
        NodeTestCluster.origin().faults().redirect(key, inside);
        HttpResponse<byte[]> response = get(key);
        assertEquals(502, response.statusCode());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"error\"") && body.contains("302"), body);
        assertTrue(store.find(new ObjectKey(key)).isEmpty());
    }
}
