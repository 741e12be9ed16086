package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.registry.NodeEntry;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/** The node registry on a real Infinispan Server: entries by heartbeat, gone when the heartbeat stops. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class RegistryTest {

    @Inject
    @Remote(NodeRegistry.CACHE)
    RemoteCache<String, NodeEntry> nodes;

    @Test
    void theNodeRegistersItselfWithALifespanItsHeartbeatRenews() throws Exception {
        String name = "test-region@127.0.0.1:8081";
        TestObjects.awaitTrue("registered", () -> nodes.get(name) != null);
        Map<String, Object> me = given().get("/api/v1/nodes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("find { it.name == '" + name + "' }");
        assertEquals("test-region", me.get("region"));
        assertEquals(List.of("127.0.0.1:8081"), me.get("addresses"));
        assertEquals("active", me.get("adminState"));
        assertEquals(10, nodes.getWithMetadata(name).getLifespan(), "seconds until it expires unrenewed");
        long first = nodes.get(name).heartbeatAt();
        TestObjects.awaitTrue("renewed", () -> nodes.get(name).heartbeatAt() > first);
    }

    @Test
    void aNodeThatStopsHeartbeatingDisappears() throws Exception {
        String gone = "us-east@10.0.0.7:8080";
        nodes.put(
                gone,
                new NodeEntry(
                        gone,
                        "us-east",
                        List.of("10.0.0.7:8080"),
                        39.0,
                        -77.5,
                        1_000_000_000L,
                        0,
                        -1,
                        "active",
                        System.currentTimeMillis()),
                1,
                TimeUnit.SECONDS);
        JsonPath all =
                given().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
        assertTrue(all.getList("name").contains(gone), all.prettify());
        TestObjects.awaitTrue(
                "expired",
                () -> !given().get("/api/v1/nodes")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("name")
                        .contains(gone));
    }

    @Test
    void egressIsReportedFromTheBytesServed() throws Exception {
        String key = TestObjects.originFile(2 << 20);
        for (int i = 0; i < 5; i++) {
            given().get("/" + key).then().statusCode(200);
        }
        TestObjects.awaitTrue(
                "egress reported", () -> nodes.get("test-region@127.0.0.1:8081").egressBps() > 0);
    }
}
