package io.geotier.node.edge;

import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.RawHttp;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connection gate on a running node: slow headers, idle keep-alives, the per-network cap,
 * and that none of it cuts a response that is merely slow to be read. Every test failed before
 * the gate (connections stayed open however slowly they sent their header).
 */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.Tight.class)
@WithTestResource(NodeTestCluster.class)
class ConnectionLimitsTest {

    static final int CAP = 700;

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "geotier.connections.header-timeout",
                    "2s",
                    "geotier.connections.per-network",
                    Integer.toString(CAP));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectStore store;

    @Inject
    io.vertx.core.Vertx vertx;

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** True once the node has closed the socket (EOF or reset), false if it is still open after the wait. */
    private static boolean closedWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // a response the node sent first; keep reading until it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String hotKey(int size) throws Exception {
        String key = originFile(size);
        assertEquals(200, RawHttp.get(base, key).statusCode());
        TestObjects.awaitStored(store, key);
        return key;
    }

    @Test
    void fiveHundredSlowHeadersAreClosedWhileOthersAreServed() throws Exception {
        String key = hotKey(256 * 1024);
        byte[] expected = originBytes(key);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                Socket s = connect();
                send(s, "GET /" + key + " HTTP/1.1\r\nHost: slow\r\n");
                slow.add(s);
            }
            long started = System.nanoTime();
            int served = 0;
            // Keep trickling header lines (each resets any plain idle timer) while a normal client
            // is served; past the 2 s header timeout every slow socket must be gone.
            while (System.nanoTime() - started < 3_500_000_000L) {
                for (Socket s : slow) {
                    try {
                        send(s, "X-Slow: 1\r\n");
                    } catch (IOException closed) {
                        // the node has closed it: what this test waits for
                    }
                }
                HttpResponse<byte[]> hit = RawHttp.get(base, key);
                assertEquals(200, hit.statusCode());
                assertArrayEquals(expected, hit.body());
                served++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "served %d hits of 256 KiB in %.1f s beside 500 slow-header connections%n", served, seconds);
            for (Socket s : slow) {
                assertTrue(closedWithin(s, 3_000), "a slow-header connection is still open past the header timeout");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertTrue(((GatedTransport) ((io.vertx.core.impl.VertxInternal) vertx).transport())
                        .stats()
                        .headerTimeouts()
                >= 500);
    }

    @Test
    void anIdleKeepAliveIsClosedAfterTheHeaderTimeoutButASlowReaderIsNot() throws Exception {
        String big = hotKey(8 * 1024 * 1024);
        try (Socket idle = connect();
                Socket slowReader = connect()) {
            send(idle, "GET /" + big + " HTTP/1.1\r\nHost: a\r\nRange: bytes=0-9\r\n\r\n");
            byte[] head = idle.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 206", new String(head, StandardCharsets.US_ASCII));

            // 8 MiB read over about 4 s: twice the header timeout, which must not cut it.
            slowReader.setReceiveBufferSize(64 * 1024);
            send(slowReader, "GET /" + big + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            InputStream in = slowReader.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            long started = System.nanoTime();
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all.write(chunk, 0, n);
                long due = started + (long) (all.size() / (8.0 * 1024 * 1024) * 4e9);
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            byte[] response = all.toByteArray();
            int bodyAt = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            assertEquals(8 * 1024 * 1024, response.length - bodyAt, "the slow reader got a short body");

            assertTrue(closedWithin(idle, 1_000), "the idle keep-alive was closed while the slow reader read");
        }
    }

    @Test
    void aNetworkPastItsCapIsRefusedAndAdmittedAgainOnceItsConnectionsClose() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CAP + 10; i++) {
                sockets.add(connect());
            }
            Thread.sleep(500);
            int closed = 0;
            for (Socket s : sockets) {
                closed += closedWithin(s, 1) ? 1 : 0;
            }
            // Other connections of this JVM (pooled by the JDK client) may hold part of the cap too.
            assertTrue(closed >= 10, closed + " of " + (CAP + 10) + " connections from one network were refused");
            assertTrue(sockets.size() - closed <= CAP, (sockets.size() - closed) + " connections open past the cap");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        TestObjects.awaitTrue("the cap admits again", () -> {
            try {
                return RawHttp.get(base, "q/health/live").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void twoHostHeadersOrNoneOnHttp11AreRefused() throws Exception {
        String key = hotKey(1000);
        assertEquals(400, statusOf("GET /" + key + " HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"));
        assertEquals(
                400,
                statusOf(
                        "GET /api/v1/objects/" + key + " HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"));
        assertEquals(400, statusOf("GET /" + key + " HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertEquals(200, statusOf("GET /" + key + " HTTP/1.0\r\n\r\n"));
        assertEquals(200, statusOf("GET /" + key + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
    }

    private int statusOf(String request) throws IOException {
        try (Socket s = connect()) {
            send(s, request);
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (response.startsWith("HTTP/1.1 400")) {
                assertTrue(response.contains("application/json") && response.contains("\"status\":400"), response);
            }
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
