package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.Purge;
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

    @Inject
    PurgeHorizon horizon;

    /** Defect: readiness included Infinispan, so one outage took every node out of DNS. */
    @Test
    void aNodeStaysReadyWithoutItsClusterReportsItAndKeepsServing() throws Exception {
        awaitConnected(true, Duration.ofSeconds(10));
        Path keptFile = NodeTestCluster.origin().root().resolve("outage/kept.bin");
        Files.createDirectories(keptFile.getParent());
        Files.write(keptFile, new byte[3000]);
        given().get("/outage/kept.bin").then().statusCode(200);
        TestObjects.awaitTrue("published", () -> objects.get("outage/kept.bin") != null);
        objects.put("outage/ghost", new ObjectRecord("outage/ghost", 1, null, 1, 2, java.util.List.of("nobody")));
        Purge before = Purge.issue(Purge.Kind.KEY, "outage/before.bin", false, java.time.Instant.now());
        purges.put(before.encode(), before.issuedAt().toEpochMilli(), 1, java.util.concurrent.TimeUnit.HOURS);
        NodeTestCluster.stopInfinispan();
        try {
            awaitConnected(false, Duration.ofSeconds(10));
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'infinispan' }.status", org.hamcrest.Matchers.equalTo("UP"))
                    .body(
                            "checks.find { it.name == 'infinispan' }.data.connected",
                            org.hamcrest.Matchers.equalTo(false));
            given().get("/q/metrics")
                    .then()
                    .body(org.hamcrest.Matchers.containsString("geotier_cluster_connected 0.0"));

            Path file = NodeTestCluster.origin().root().resolve("outage/during.bin");
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[50_000]);
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "MISS");
            TestObjects.awaitStored(store, "outage/during.bin");
            given().get("/outage/during.bin").then().statusCode(200).header("X-Cache", "HIT");

            // A purge issued while cut off is applied here at once and kept until the cluster takes it.
            Files.write(NodeTestCluster.origin().root().resolve("outage/purged.bin"), new byte[1000]);
            given().get("/outage/purged.bin").then().statusCode(200);
            TestObjects.awaitStored(store, "outage/purged.bin");
            queuedPurge = given().header("Authorization", "Bearer " + NodeTestCluster.ADMIN_TOKEN)
                    .delete("/api/v1/objects/outage/purged.bin")
                    .then()
                    .statusCode(200)
                    .body("cluster", org.hamcrest.Matchers.equalTo("queued"))
                    .extract()
                    .path("purgeId");
            org.junit.jupiter.api.Assertions.assertTrue(
                    Files.readString(pendingFile()).contains(queuedPurge),
                    "kept on disk until shared, so a crash now does not lose it");
        } finally {
            NodeTestCluster.startInfinispan();
        }
        awaitConnected(true, Duration.ofSeconds(30));
        given().get("/q/health/ready").then().statusCode(200);

        TestObjects.awaitTrue(
                "the node told the restarted server of what it holds", () -> objects.get("outage/kept.bin") != null);
        org.junit.jupiter.api.Assertions.assertNull(
                objects.get("outage/ghost"),
                "the server lost its in-memory records, so the record above came back from the node");
        org.junit.jupiter.api.Assertions.assertTrue(
                purges.containsKey(before.encode()),
                "the purge log survived the server's restart (it is kept on disk)");
        String id = queuedPurge;
        TestObjects.awaitTrue(
                "the queued purge reached the cluster",
                () -> purges.keySet().stream().anyMatch(k -> k.startsWith(id + "\t")));
        TestObjects.awaitTrue("and left the disk", () -> {
            try {
                return !Files.readString(pendingFile()).contains(id);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        // Purges written after the node caught up reach it: Hot Rod registered its listener again
        // (retrying every 5 s while the server was down). The catch-up's own read of the log must
        // be over first, or it would apply this purge and hide a lost listener.
        TestObjects.awaitTrue("caught up", () -> horizon.trusted(java.time.Instant.now()));
        Purge later = Purge.issue(Purge.Kind.KEY, "outage/during.bin", false, java.time.Instant.now());
        purges.put(later.encode(), later.issuedAt().toEpochMilli(), 1, java.util.concurrent.TimeUnit.HOURS);
        TestObjects.awaitTrue(
                "applied after the outage",
                () -> store.find(new ObjectKey("outage/during.bin")).isEmpty());
    }

    @Inject
    @io.quarkus.infinispan.client.Remote(PurgeLog.CACHE)
    org.infinispan.client.hotrod.RemoteCache<String, Long> purges;

    private String queuedPurge;

    private static Path pendingFile() {
        return NodeTestCluster.storeDir().resolve("pending-purges");
    }

    @Inject
    @io.quarkus.infinispan.client.Remote(ObjectCatalog.CACHE)
    org.infinispan.client.hotrod.RemoteCache<String, ObjectRecord> objects;

    private static void awaitConnected(boolean connected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline
                && !Boolean.valueOf(connected)
                        .equals(given().get("/q/health/ready")
                                .then()
                                .extract()
                                .path("checks.find { it.name == 'infinispan' }.data.connected"))) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready")
                .then()
                .body(
                        "checks.find { it.name == 'infinispan' }.data.connected",
                        org.hamcrest.Matchers.equalTo(connected));
    }
}
