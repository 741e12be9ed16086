package io.geotier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * verify, downloadUrl, requestSync and forget against a stand-in node; time is a test clock. The
 * end-to-end test in deploy/local runs the client against real nodes.
 */
class CacheClientTest {

    private final StandIns.Node node = new StandIns.Node();
    private final StandIns.Clock clock = new StandIns.Clock();

    @AfterEach
    void stop() {
        node.close();
    }

    private CacheClient.Builder client() {
        return CacheClient.builder(node.url()).clock(clock);
    }

    @Test
    void verifyAsksTheNodeOnlyIfCachedAndRemembersTheAnswer() {
        node.cached.add("podcasts/ep%201.mp3".replace("%20", " "));
        CacheClient client = client().build();
        assertTrue(client.verify("podcasts/ep 1.mp3"));
        assertTrue(client.verify("/podcasts/ep 1.mp3"), "the same key with a leading slash");
        assertEquals(List.of("HEAD /podcasts/ep%201.mp3 only-if-cached"), node.requests);
    }

    @Test
    void cachedAndNotCachedAnswersAreKeptForTheirOwnTimes() {
        node.cached.add("hit.bin");
        CacheClient client = client().localCacheTime(Duration.ofMinutes(5))
                .negativeCacheTime(Duration.ofSeconds(10))
                .build();
        assertTrue(client.verify("hit.bin"));
        assertFalse(client.verify("miss.bin"));
        node.cached.add("miss.bin");
        node.cached.remove("hit.bin");
        clock.advance(Duration.ofSeconds(9));
        assertFalse(client.verify("miss.bin"), "still the remembered 'not cached'");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(client.verify("miss.bin"), "asked again after the negative cache time");
        assertTrue(client.verify("hit.bin"), "'cached' is kept for the local cache time");
        clock.advance(Duration.ofMinutes(5));
        assertFalse(client.verify("hit.bin"), "and then asked again");
        assertEquals(4, node.requests.size());
    }

    @Test
    void forgetNormalisesTheKeyAsVerifyDoes() {
        CacheClient client = client().build();
        client.verify("a.bin");
        client.forget("/a.bin");
        client.verify("a.bin");
        assertEquals(2, node.requests.size(), "forget(\"/a.bin\") forgot a.bin");
    }

    @Test
    void requestSyncAsksTheNodeToFetchAndForgetsTheOldAnswer() {
        CacheClient client = client().build();
        assertFalse(client.verify("new.bin"));
        assertTrue(client.requestSync("new.bin"));
        assertTrue(node.requests.contains("POST /api/v1/objects/new.bin/sync null"));
        assertTrue(client.verify("new.bin"), "asked again, not the remembered 'not cached'");
    }

    @Test
    void aNodeThatIsDownOrSlowMeansNotCachedWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertFalse(CacheClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .build()
                .verify("a.bin"));
        node.cached.add("a.bin");
        node.delay = Duration.ofSeconds(3);
        CacheClient client = client().timeout(Duration.ofMillis(200)).build();
        long start = System.nanoTime();
        assertFalse(client.verify("a.bin"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "gave up at the timeout");
    }

    @Test
    void memoryIsBoundedByMaxRemembered() {
        Remembered<String, Boolean> remembered = new Remembered<>(3, clock);
        for (int i = 0; i < 100; i++) {
            remembered.put("k" + i, true, Duration.ofMinutes(1));
        }
        assertEquals(3, remembered.size());
        assertEquals(Boolean.TRUE, remembered.get("k99"), "the newest stay");
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
        CacheClient client = client().build();
        assertThrows(IllegalArgumentException.class, () -> client.verify("/"));
        assertThrows(NullPointerException.class, () -> client.verify(null));
        assertThrows(IllegalArgumentException.class, () -> client.route("//"));
    }
}
