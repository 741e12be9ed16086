package io.geotier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against an HTTP server that answers like a node: 200 for cached keys, 504 for the
 * rest when asked only-if-cached. The end-to-end test in deploy/local runs it against real nodes.
 */
class CacheClientTest {

    private HttpServer node;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean cached = true;

    @BeforeEach
    void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        node.createContext("/", exchange -> {
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                            + exchange.getRequestHeaders().getFirst("Cache-Control"));
            exchange.sendResponseHeaders(cached ? 200 : 504, -1);
            exchange.close();
        });
        node.start();
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + node.getAddress().getPort());
    }

    @Test
    void verifyAsksTheNodeOnlyIfCachedAndRemembersTheAnswer() {
        CacheClient client = CacheClient.builder(base())
                .localCacheTime(Duration.ofMinutes(5))
                .build();
        assertTrue(client.verify("podcasts/ep 1.mp3"));
        assertTrue(client.verify("podcasts/ep 1.mp3"));
        assertEquals(List.of("HEAD /podcasts/ep%201.mp3 only-if-cached"), requests);
    }

    @Test
    void uncachedObjectIsReportedAsNotCached() {
        cached = false;
        CacheClient client = CacheClient.builder(base()).build();
        assertFalse(client.verify("a.bin"));
    }

    @Test
    void answerExpiresAfterTheLocalCacheTime() throws InterruptedException {
        cached = false;
        CacheClient client = CacheClient.builder(base())
                .localCacheTime(Duration.ofMillis(200))
                .build();
        assertFalse(client.verify("a.bin"));
        cached = true;
        assertFalse(client.verify("a.bin"), "still the remembered answer");
        Thread.sleep(400);
        assertTrue(client.verify("a.bin"), "asked again after the local cache time");
        assertEquals(2, requests.size());
    }

    @Test
    void forgetMakesTheNextVerifyAskAgain() {
        CacheClient client = CacheClient.builder(base()).build();
        client.verify("a.bin");
        client.forget("a.bin");
        client.verify("a.bin");
        assertEquals(2, requests.size());
    }

    @Test
    void nodeThatIsDownMeansNotCached() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CacheClient client = CacheClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .timeout(Duration.ofMillis(500))
                .build();
        assertFalse(client.verify("a.bin"));
    }

    @Test
    void nodeThatHangsMeansNotCachedWithinTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CacheClient client = CacheClient.builder(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .timeout(Duration.ofMillis(300))
                    .build();
            long start = System.nanoTime();
            assertFalse(client.verify("a.bin"));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "gave up instead of hanging");
        }
    }

    @Test
    void downloadUrlJoinsBaseAndEncodedKey() {
        CacheClient client =
                CacheClient.builder(URI.create("https://cdn.example.com/")).build();
        assertEquals(
                URI.create("https://cdn.example.com/shows/%C3%A9t%C3%A9%20ep1.mp3"),
                client.downloadUrl("/shows/été ep1.mp3"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CacheClient.builder(URI.create("/relative")));
        CacheClient client = CacheClient.builder(base()).build();
        assertThrows(IllegalArgumentException.class, () -> client.verify("/"));
        assertThrows(NullPointerException.class, () -> client.verify(null));
    }
}
