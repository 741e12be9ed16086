package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;

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

    /** Defect: readiness included Infinispan, so one outage took every node out of DNS. */
    @Test
    void aNodeStaysReadyWithoutItsClusterReportsItAndKeepsServing() throws Exception {
        awaitConnected(true, Duration.ofSeconds(10));
        NodeTestCluster.stopInfinispan();
        try {
            awaitConnected(false, Duration.ofSeconds(10));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'infinispan' }.status", org.hamcrest.Matchers.equalTo("UP"))
                    .body("checks.find { it.name == 'infinispan' }.data.connected", org.hamcrest.Matchers.equalTo(false));
            given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("geotier_cluster_connected 0.0"));

            Path file = NodeTestCluster.origin().root().resolve("outage/during.bin");
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[50_000]);
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "MISS");
            TestObjects.awaitStored(store, "outage/during.bin");
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "HIT");
        } finally {
            NodeTestCluster.startInfinispan();
        }
        awaitConnected(true, Duration.ofSeconds(30));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void awaitConnected(boolean connected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && !Boolean.valueOf(connected).equals(given().get("/q/health/ready")
                .then().extract().path("checks.find { it.name == 'infinispan' }.data.connected"))) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().body("checks.find { it.name == 'infinispan' }.data.connected",
                org.hamcrest.Matchers.equalTo(connected));
    }
}
