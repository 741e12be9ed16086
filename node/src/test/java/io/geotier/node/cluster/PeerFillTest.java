package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.harness.origin.DemoOrigin;
import io.geotier.node.NodeTestCluster;
import io.geotier.registry.NodeEntry;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/**
 * Peer fill through the real catalog and registry: a miss whose object another node holds is
 * fetched from that node (only-if-cached), not from the origin. The other node is stood in for by
 * an HTTP server with the object; the catalog and the registry name it as they would a node.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class PeerFillTest {

    @Inject
    @Remote(ObjectCatalog.CACHE)
    RemoteCache<String, ObjectRecord> catalog;

    @Inject
    @Remote(NodeRegistry.CACHE)
    RemoteCache<String, NodeEntry> nodes;

    @Test
    void aMissIsFilledFromTheClosestNodeThatHoldsTheObjectAndTheOriginIsNotAsked() throws Exception {
        String key = "peer/" + UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[200_000];
        new Random(11).nextBytes(bytes);
        Path peerFiles = Files.createTempDirectory("peer");
        Files.createDirectories(peerFiles.resolve("peer"));
        Files.write(peerFiles.resolve(key), bytes);
        try (DemoOrigin near = DemoOrigin.start(peerFiles, "127.0.0.1", 0);
                DemoOrigin far = DemoOrigin.start(peerFiles, "127.0.0.1", 0)) {
            register("near@x", near, 1.0, 1.0);
            register("far@x", far, -45.0, 170.0);
            catalog.put(
                    key,
                    new ObjectRecord(
                            key,
                            bytes.length,
                            "\"peer\"",
                            1,
                            System.currentTimeMillis() + 60_000,
                            List.of("far@x", "near@x")));

            byte[] got = given().get("/" + key)
                    .then()
                    .statusCode(200)
                    .header("X-Cache", "MISS")
                    .extract()
                    .asByteArray();
            assertArrayEquals(bytes, got);
            assertEquals(0, NodeTestCluster.origin().getRequests(key), "the origin was not asked");
            assertEquals(1, near.getRequests(key), "the closest holder was");
            assertEquals(0, far.getRequests(key));
            assertEquals("only-if-cached", near.log().get(0).headers().getFirst("Cache-Control"));
        }
    }

    @Test
    void withoutAHolderTheOriginIsAsked() throws Exception {
        String key = io.geotier.node.TestObjects.originFile(1000);
        given().get("/" + key).then().statusCode(200);
        assertEquals(1, NodeTestCluster.origin().getRequests(key));
    }

    private void register(String name, DemoOrigin server, double lat, double lon) {
        String address = server.baseUri().getHost() + ":" + server.baseUri().getPort();
        nodes.put(
                name,
                new NodeEntry(name, "r", List.of(address), lat, lon, 1, 0, -1, "active", System.currentTimeMillis()),
                1,
                TimeUnit.MINUTES);
    }
}
