package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A node outside the shield region fills a miss no node holds from the shield node the key
 * hashes to, with a plain GET (the shield fills from the origin if it must), never from the
 * origin itself. The shield node is stood in for by an HTTP server the registry names.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class ShieldTest {

    @Inject
    @Remote(NodeRegistry.CACHE)
    RemoteCache<String, NodeEntry> nodes;

    @Test
    void aMissOutsideTheShieldRegionIsFilledThroughTheShieldNotTheOrigin() throws Exception {
        String key = "shielded/" + UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[150_000];
        new Random(5).nextBytes(bytes);
        Path files = Files.createTempDirectory("shield");
        Files.createDirectories(files.resolve("shielded"));
        Files.write(files.resolve(key), bytes);
        try (DemoOrigin shield = DemoOrigin.start(files, "127.0.0.1", 0)) {
            String name = "shield@" + shield.baseUri().getPort();
            nodes.put(
                    name,
                    new NodeEntry(
                            name,
                            NodeTestCluster.SHIELD_REGION,
                            List.of("127.0.0.1:" + shield.baseUri().getPort()),
                            50,
                            8,
                            1_000_000_000L,
                            0,
                            -1,
                            "active",
                            System.currentTimeMillis()),
                    1,
                    TimeUnit.MINUTES);
            try {
                Thread.sleep(1100); // the shield's nodes are read from the registry at most once a second
                byte[] got =
                        given().get("/" + key).then().statusCode(200).extract().asByteArray();
                assertArrayEquals(bytes, got);
                assertEquals(0, NodeTestCluster.origin().getRequests(key), "the origin was not asked");
                assertEquals(1, shield.getRequests(key), "the shield was");
                DemoOrigin.Request asked = shield.log().get(0);
                assertTrue(asked.headers().getFirst("Via").startsWith("1.1 "), "says who asks");
                assertEquals(null, asked.headers().getFirst("Cache-Control"), "a plain GET: the shield may fill");
            } finally {
                nodes.remove(name);
            }
        }
    }
}
