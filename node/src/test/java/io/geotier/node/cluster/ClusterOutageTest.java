package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a node does while the real Infinispan Server is stopped and after it is back. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class ClusterOutageTest {

    @Inject
    ObjectStore store;

    @Test
    void readinessFollowsTheServerAndRequestsKeepWorking() throws Exception {
        awaitReadiness(200, Duration.ofSeconds(10));
        NodeTestCluster.stopInfinispan();
        try {
            awaitReadiness(503, Duration.ofSeconds(10));
            given().get("/q/health/ready").then().body("checks.find { it.name == 'infinispan' }.status",
                    org.hamcrest.Matchers.equalTo("DOWN"));

            Path file = NodeTestCluster.origin().root().resolve("outage/during.bin");
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[50_000]);
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "MISS");
            TestObjects.awaitStored(store, "outage/during.bin");
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "HIT");
        } finally {
            NodeTestCluster.startInfinispan();
        }
        awaitReadiness(200, Duration.ofSeconds(30));
    }

    private static void awaitReadiness(int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int seen = given().get("/q/health/ready").statusCode();
        while (seen != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = given().get("/q/health/ready").statusCode();
        }
        assertEquals(status, seen, "readiness within " + within);
    }
}
