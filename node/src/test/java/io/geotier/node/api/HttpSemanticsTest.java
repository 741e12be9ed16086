package io.geotier.node.api;

import static io.geotier.node.RawHttp.cache;
import static io.geotier.node.RawHttp.header;
import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Range and conditional requests on stored objects and on fills, as RFC 9110 has them. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class HttpSemanticsTest {

    @TestHTTPResource("/")
    URI base;

    @jakarta.inject.Inject
    io.geotier.node.store.ObjectStore store;

    /** Fetches the object once and waits until it is stored, so the next request is a HIT. */
    private void prime(String key) throws Exception {
        get(key);
        io.geotier.node.TestObjects.awaitStored(store, key);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return io.geotier.node.RawHttp.get(base, path, headers);
    }

    @Test
    void singleSuffixAndOpenRangesOnAStoredObject() throws Exception {
        String key = originFile(1000);
        byte[] bytes = originBytes(key);
        prime(key);
        HttpResponse<byte[]> single = get(key, "Range", "bytes=10-19");
        assertEquals(206, single.statusCode());
        assertEquals("HIT", cache(single));
        assertEquals("bytes 10-19/1000", header(single, "Content-Range"));
        assertEquals("10", header(single, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 10, 20), single.body());
        HttpResponse<byte[]> suffix = get(key, "Range", "bytes=-5");
        assertEquals("bytes 995-999/1000", header(suffix, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 995, 1000), suffix.body());
        HttpResponse<byte[]> open = get(key, "Range", "bytes=990-");
        assertArrayEquals(Arrays.copyOfRange(bytes, 990, 1000), open.body());
        HttpResponse<byte[]> beyond = get(key, "Range", "bytes=900-5000");
        assertEquals("bytes 900-999/1000", header(beyond, "Content-Range"), "the end is clamped to the size");
    }

    @Test
    void severalRangesComeAsMultipartByteranges() throws Exception {
        String key = originFile(1000);
        byte[] bytes = originBytes(key);
        get(key);
        HttpResponse<byte[]> multi = get(key, "Range", "bytes=0-1,500-503");
        assertEquals(206, multi.statusCode());
        String type = header(multi, "Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        assertEquals(Integer.toString(multi.body().length), header(multi, "Content-Length"));
        String body = new String(multi.body(), StandardCharsets.ISO_8859_1);
        String boundary = type.substring(type.indexOf('=') + 1);
        assertTrue(body.contains(
                "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/1000\r\n\r\n"
                        + new String(Arrays.copyOfRange(bytes, 0, 2), StandardCharsets.ISO_8859_1) + "\r\n"));
        assertTrue(body.contains("Content-Range: bytes 500-503/1000\r\n\r\n"
                + new String(Arrays.copyOfRange(bytes, 500, 504), StandardCharsets.ISO_8859_1)));
        assertTrue(body.endsWith("\r\n--" + boundary + "--\r\n"));
    }

    @Test
    void rangeOnAColdObjectIsServedFromTheFill() throws Exception {
        String key = originFile(100_000);
        HttpResponse<byte[]> cold = get(key, "Range", "bytes=1000-1999");
        assertEquals(206, cold.statusCode());
        assertEquals("MISS", cache(cold));
        assertArrayEquals(Arrays.copyOfRange(originBytes(key), 1000, 2000), cold.body());
    }

    @Test
    void unsatisfiableAndMalformedRangesAre416WithJson() throws Exception {
        String key = originFile(1000);
        HttpResponse<byte[]> beyond = get(key, "Range", "bytes=5000-6000");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */1000", header(beyond, "Content-Range"));
        assertTrue(new String(beyond.body()).contains("\"status\":416"));
        for (String bad : new String[] {"bytes=abc", "bytes=5-1", "bytes=1-2-3", "bytes", "bytes=--1"}) {
            HttpResponse<byte[]> malformed = get(key, "Range", bad);
            assertEquals(416, malformed.statusCode(), bad);
            assertEquals("application/json", header(malformed, "Content-Type"), bad);
        }
        assertEquals(200, get(key, "Range", "items=1-2").statusCode(), "other units are ignored (RFC 9110)");
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        String key = originFile(1000);
        HttpResponse<byte[]> first = get(key);
        String etag = header(first, "ETag");
        String lastModified = header(first, "Last-Modified");
        HttpResponse<byte[]> inm = get(key, "If-None-Match", "\"other\", " + etag);
        assertEquals(304, inm.statusCode());
        assertEquals(0, inm.body().length);
        assertEquals(etag, header(inm, "ETag"));
        assertEquals(304, get(key, "If-None-Match", "W/" + etag).statusCode(), "weak comparison");
        assertEquals(304, get(key, "If-None-Match", "*").statusCode());
        assertEquals(200, get(key, "If-None-Match", "\"other\"").statusCode());
        assertEquals(304, get(key, "If-Modified-Since", lastModified).statusCode());
        assertEquals(
                200,
                get(key, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode());
        assertEquals(
                200,
                get(key, "If-None-Match", "\"other\"", "If-Modified-Since", lastModified)
                        .statusCode(),
                "If-None-Match wins over If-Modified-Since");
    }

    @Test
    void ifRangeDecidesBetweenThePartAndTheWhole() throws Exception {
        String key = originFile(1000);
        HttpResponse<byte[]> first = get(key);
        String etag = header(first, "ETag");
        assertEquals(206, get(key, "Range", "bytes=0-9", "If-Range", etag).statusCode());
        assertEquals(
                206,
                get(key, "Range", "bytes=0-9", "If-Range", header(first, "Last-Modified"))
                        .statusCode());
        HttpResponse<byte[]> changed = get(key, "Range", "bytes=0-9", "If-Range", "\"not-this-one\"");
        assertEquals(200, changed.statusCode());
        assertEquals(1000, changed.body().length);
    }

    @Test
    void malformedConditionalsAre400WithJson() throws Exception {
        String key = originFile(100);
        for (String[] h : new String[][] {
            {"If-Modified-Since", "yesterday"}, {"If-None-Match", "no-quotes"}, {"If-Range", "whenever"}
        }) {
            HttpResponse<byte[]> r = get(key, h);
            assertEquals(400, r.statusCode(), h[0]);
            assertTrue(new String(r.body()).contains("\"status\":400"), h[0]);
        }
    }

    @Test
    void objectHeadersComeFromTheStoredMetadata() throws Exception {
        String key = originFile(2048);
        prime(key);
        HttpResponse<byte[]> hit = get(key);
        assertEquals("HIT", cache(hit));
        assertEquals("bytes", header(hit, "Accept-Ranges"));
        assertEquals("2048", header(hit, "Content-Length"));
        assertEquals("application/octet-stream", header(hit, "Content-Type"));
        assertTrue(header(hit, "Age") != null && header(hit, "ETag") != null && header(hit, "Last-Modified") != null);
        assertTrue(header(hit, "Cache-Control").startsWith("public, max-age="));
        HttpResponse<byte[]> head = io.geotier.node.RawHttp.head(base, key);
        assertEquals("2048", header(head, "Content-Length"));
        assertEquals(0, head.body().length);
    }
}
