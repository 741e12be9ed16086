package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.harness.origin.DemoOrigin;
import io.geotier.harness.tls.SelfSignedTls;
import io.geotier.node.NodeTestCluster;
import io.geotier.registry.NodeEntry;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/**
 * Peer fill over HTTPS (geotier.cluster.peer-tls-name): a peer that advertises an HTTPS port is
 * asked over TLS, dialled by address, its certificate checked against the service name and the
 * trust given; a peer whose certificate was signed by nothing trusted is not used, and the miss
 * goes to the origin. The peers are stood in for by HTTPS servers with the object.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
@TestProfile(PeerFillHttpsTest.PeersOverHttps.class)
class PeerFillHttpsTest {

    private static final Path DIR = tempDir();
    private static final SelfSignedTls SERVICE = make("service");
    private static final SelfSignedTls STRANGER = make("stranger");

    /** Peers asked over HTTPS, trusting the service's certificate. */
    public static class PeersOverHttps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "geotier.cluster.peer-tls-name",
                    "cdn.geotier.test",
                    "geotier.cluster.peer-tls-trust",
                    SERVICE.cert().toString());
        }
    }

    @Inject
    @Remote(ObjectCatalog.CACHE)
    RemoteCache<String, ObjectRecord> catalog;

    @Inject
    @Remote(NodeRegistry.CACHE)
    RemoteCache<String, NodeEntry> nodes;

    @Test
    void aPeerIsAskedOverHttpsAndItsCertificateChecked() throws Exception {
        String key = "peer/" + UUID.randomUUID() + ".bin";
        byte[] bytes = object(key);
        try (DemoOrigin peer = DemoOrigin.startHttps(DIR.resolve("www"), "127.0.0.1", 0, SERVICE.serverContext())) {
            register("tls-peer@x", peer);
            catalog.put(
                    key,
                    new ObjectRecord(
                            key,
                            bytes.length,
                            "\"peer\"",
                            1,
                            System.currentTimeMillis() + 60_000,
                            List.of("tls-peer@x")));
            byte[] got = given().get("/" + key).then().statusCode(200).extract().asByteArray();
            assertArrayEquals(bytes, got);
            assertEquals(1, peer.getRequests(key), "the peer was asked, over HTTPS");
            assertEquals(0, NodeTestCluster.origin().getRequests(key), "the origin was not");
        }
    }

    @Test
    void aPeerWithAnUntrustedCertificateIsNotUsed() throws Exception {
        String key = io.geotier.node.TestObjects.originFile(3000);
        byte[] bytes = io.geotier.node.TestObjects.originBytes(key);
        Files.createDirectories(DIR.resolve("www").resolve(key).getParent());
        Files.write(DIR.resolve("www").resolve(key), bytes);
        try (DemoOrigin peer = DemoOrigin.startHttps(DIR.resolve("www"), "127.0.0.1", 0, STRANGER.serverContext())) {
            register("stranger@x", peer);
            catalog.put(
                    key,
                    new ObjectRecord(
                            key,
                            bytes.length,
                            "\"peer\"",
                            1,
                            System.currentTimeMillis() + 60_000,
                            List.of("stranger@x")));
            byte[] got = given().get("/" + key).then().statusCode(200).extract().asByteArray();
            assertArrayEquals(bytes, got);
            assertEquals(0, peer.getRequests(key), "no body taken from a peer nothing trusted signed");
            assertEquals(1, NodeTestCluster.origin().getRequests(key), "the origin was asked instead");
        }
    }

    private static byte[] object(String key) throws Exception {
        byte[] bytes = new byte[150_000];
        new Random(13).nextBytes(bytes);
        Files.createDirectories(DIR.resolve("www").resolve(key).getParent());
        Files.write(DIR.resolve("www").resolve(key), bytes);
        return bytes;
    }

    /** The stand-in serves HTTPS only: its one port is given as both. */
    private void register(String name, DemoOrigin server) {
        int port = server.baseUri().getPort();
        nodes.put(
                name,
                new NodeEntry(
                        name,
                        "r",
                        List.of("127.0.0.1:" + port),
                        1.0,
                        1.0,
                        1,
                        0,
                        -1,
                        "active",
                        System.currentTimeMillis(),
                        port),
                1,
                TimeUnit.MINUTES);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("geotier-peer-tls");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SelfSignedTls make(String name) {
        try {
            return SelfSignedTls.make(DIR.resolve(name), "cdn.geotier.test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
