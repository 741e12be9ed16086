package io.geotier.node.edge;

import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * HTTPS on a running node: HTTP/2 by ALPN and HTTP/1.1 over TLS serve the same bytes as HTTP, a
 * certificate rewritten on disk (as cert-manager renews it) is served without a restart, and the
 * connection gate holds TLS connections to the header timeout too. Failed before: no HTTPS port.
 */
@QuarkusTest
@TestProfile(HttpsTest.WithCertificate.class)
@WithTestResource(NodeTestCluster.class)
class HttpsTest {

    static final Path TLS_DIR = TestCertificates.tempDir();

    public static class WithCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates.write(TLS_DIR, "geotier-first");
            return Map.of(
                    "geotier.tls.cert",
                    TLS_DIR.resolve("tls.crt").toString(),
                    "geotier.tls.key",
                    TLS_DIR.resolve("tls.key").toString(),
                    "quarkus.tls.reload-period",
                    "1s",
                    "geotier.connections.header-timeout",
                    "2s");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    @TestHTTPResource("/")
    URI http;

    @Inject
    ObjectStore store;

    private static SSLContext trustingAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                new SecureRandom());
        return context;
    }

    private HttpResponse<byte[]> get(URI base, String key, HttpClient.Version version) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trustingAll())
                .version(version)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(base.resolve("/" + key))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aHitIsServedOverHttp2AndHttp11WithTls() throws Exception {
        assertTrue(https.getScheme().equals("https") && https.getPort() != http.getPort(), https.toString());
        String key = originFile(3 * 1024 * 1024 + 17);
        assertEquals(200, get(http, key, HttpClient.Version.HTTP_1_1).statusCode());
        TestObjects.awaitStored(store, key);

        HttpResponse<byte[]> h2 = get(https, key, HttpClient.Version.HTTP_2);
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertEquals("HIT", h2.headers().firstValue("X-Cache").orElse(""));
        assertArrayEquals(originBytes(key), h2.body());

        HttpResponse<byte[]> h1 = get(https, key, HttpClient.Version.HTTP_1_1);
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertArrayEquals(originBytes(key), h1.body());
    }

    @Test
    void aCertificateRewrittenOnDiskIsServedWithoutARestart() throws Exception {
        assertEquals("CN=geotier-first", servedSubject());

        TestCertificates.write(TLS_DIR, "geotier-renewed");
        TestObjects.awaitTrue("the renewed certificate is served", () -> "CN=geotier-renewed".equals(servedSubject()));
        TestCertificates.write(TLS_DIR, "geotier-first");
        TestObjects.awaitTrue("the first certificate is back", () -> "CN=geotier-first".equals(servedSubject()));
    }

    @Test
    void aTlsConnectionThatSendsNoRequestIsClosedAfterTheHeaderTimeout() throws Exception {
        try (SSLSocket socket =
                (SSLSocket) trustingAll().getSocketFactory().createSocket(https.getHost(), https.getPort())) {
            socket.startHandshake();
            socket.setSoTimeout(8_000);
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read());
            assertTrue(System.nanoTime() - started < 6_000_000_000L);
        }
    }

    /** The subject of the certificate the node serves now; null when the handshake failed. */
    private String servedSubject() {
        try (SSLSocket socket =
                (SSLSocket) trustingAll().getSocketFactory().createSocket(https.getHost(), https.getPort())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        } catch (Exception e) {
            return null; // a handshake in the moment Vert.x swaps the certificate may be reset (node README)
        }
    }

    /** Self-signed certificates made by the openssl command, written the way cert-manager renews them. */
    static final class TestCertificates {

        static Path tempDir() {
            try {
                return Files.createTempDirectory("geotier-tls");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Writes a new pair into a fresh directory and swaps the {@code ..data} link to it, as the
         * kubelet updates a mounted Secret: tls.crt and tls.key change together.
         */
        static void write(Path dir, String commonName) {
            try {
                Path staging = Files.createTempDirectory(dir, "..pair");
                io.geotier.harness.tls.SelfSignedTls.writePem(staging, commonName, "IP:127.0.0.1,DNS:localhost");
                Path link = dir.resolve("..data.new");
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, staging.getFileName());
                Files.move(
                        link,
                        dir.resolve("..data"),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                for (String file : new String[] {"tls.crt", "tls.key"}) {
                    if (!Files.exists(dir.resolve(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(dir.resolve(file), Path.of("..data", file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
