package io.geotier.harness.infinispan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.harness.net.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real sites joined by RELAY2 over the TLS bridge: what one site's shared caches take reaches
 * the other, removes too; the bridge speaks TLS and admits no one without the run's key.
 */
class InfinispanSitesTest {

    @TempDir
    static Path dir;

    static InfinispanSites sites;

    @BeforeAll
    static void start() throws Exception {
        Map<String, InfinispanSites.SitePorts> ports = new LinkedHashMap<>();
        ports.put("north", InfinispanSites.SitePorts.free(FreePorts::tcp));
        ports.put("south", InfinispanSites.SitePorts.free(FreePorts::tcp));
        sites = InfinispanSites.start(InfinispanSites.plan(dir, ports, InfinispanServerOptions.defaultUsers()));
    }

    @AfterAll
    static void stop() {
        if (sites != null) {
            sites.close();
        }
    }

    @Test
    void aWriteAndARemoveOnOneSiteReachTheOther() throws Exception {
        for (String cache : new String[] {"geotier-purges", "geotier-objects", "geotier-nodes"}) {
            String key = "k-" + System.nanoTime();
            assertEquals(
                    204,
                    rest("north", "PUT", "/rest/v2/caches/" + cache + "/" + key, "v1")
                            .statusCode());
            awaitStatus("south", cache, key, 200);
            assertEquals(
                    "v1",
                    rest("south", "GET", "/rest/v2/caches/" + cache + "/" + key, null)
                            .body());
            assertEquals(
                    204,
                    rest("north", "DELETE", "/rest/v2/caches/" + cache + "/" + key, null)
                            .statusCode());
            awaitStatus("south", cache, key, 404);
        }
    }

    @Test
    void theBridgeIsTlsAndRefusesAPeerWithoutTheKey() throws Exception {
        int bridge = sites.options("north").crossSite().bridgePort();
        SSLContext trustingAnything = SSLContext.getInstance("TLS");
        trustingAnything.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        public void checkClientTrusted(X509Certificate[] c, String a) {}

                        public void checkServerTrusted(X509Certificate[] c, String a) {}

                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        try (SSLSocket socket = (SSLSocket) trustingAnything.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", bridge), 2000);
            socket.setSoTimeout(5000);
            // The handshake itself or the first read fails: the server needs a client certificate.
            assertThrows(java.io.IOException.class, () -> {
                socket.startHandshake();
                socket.getOutputStream().write(new byte[] {1, 2, 3});
                socket.getOutputStream().flush();
                if (socket.getInputStream().read() < 0) {
                    throw new java.io.EOFException("closed");
                }
            });
        }
        Path conf = sites.options("north").root().resolve("conf/infinispan.xml");
        assertTrue(Files.readString(conf).contains("tls.client_auth=\"NEED\""));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)),
                "it holds the key store's password");
        assertFalse(
                Files.readString(sites.options("north").logFile())
                        .contains(sites.options("north").crossSite().keystorePassword()),
                "no key password in the log");
    }

    private static void awaitStatus(String site, String cache, String key, int status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = rest(site, "GET", "/rest/v2/caches/" + cache + "/" + key, null)
                    .statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(cache + "/" + key + " on " + site + ": " + last + ", wanted " + status);
    }

    private static HttpResponse<String> rest(String site, String method, String path, String body) throws Exception {
        InfinispanServer server = sites.site(site);
        ServerUser node = server.options().user(InfinispanServerOptions.NODE_USER);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server.hotRodAddress() + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (node.name() + ":" + node.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/plain")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "text/plain");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
