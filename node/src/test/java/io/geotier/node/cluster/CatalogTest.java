package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectStore;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/** The shared catalog on a real Infinispan Server: one record per full object key, holders kept exact. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class CatalogTest {

    private static final String BEARER = "Bearer " + NodeTestCluster.ADMIN_TOKEN;

    @Inject
    @Remote(ObjectCatalog.CACHE)
    RemoteCache<String, ObjectRecord> catalog;

    @Inject
    NodeIdentity identity;

    @Inject
    ObjectStore store;

    @Test
    void versionsSelectedByTheQueryHaveARecordEach() throws Exception {
        String key = TestObjects.originFile(3000);
        given().get("/" + key + "?v=1").then().statusCode(200);
        given().get("/" + key + "?v=2").then().statusCode(200);
        // A record names its filler when the fill starts (size unknown) and the stored version once committed.
        TestObjects.awaitTrue("both records", () -> stored(key + "?v=1") && stored(key + "?v=2"));
        assertEquals(List.of(identity.name()), catalog.get(key + "?v=1").holders());
        assertEquals(3000, catalog.get(key + "?v=2").size());
    }

    private boolean stored(String id) {
        ObjectRecord record = catalog.get(id);
        return record != null && record.size() > 0;
    }

    @Test
    void aPurgedObjectLeavesTheCatalogAndAReplacedOneStays() throws Exception {
        String key = "uploads/catalog-" + System.nanoTime() + ".bin";
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", BEARER)
                    .body(new byte[100 + i])
                    .put("/api/v1/objects/" + key)
                    .then()
                    .statusCode(201);
        }
        TestObjects.awaitTrue(
                "the record of the second upload",
                () -> catalog.get(key) != null && catalog.get(key).size() == 101);
        assertEquals(List.of(identity.name()), catalog.get(key).holders(), "replaced, still held once");
        given().header("Authorization", BEARER)
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(200);
        TestObjects.awaitTrue("the record removed with its last holder", () -> catalog.get(key) == null);
    }

    @Test
    void anExpiredCopyIsExtendedFromAnotherNodesRecordOfTheSameVersionWithoutTheOrigin() throws Exception {
        String key = TestObjects.originFile(2500);
        NodeTestCluster.origin().faults().headers(key, java.util.Map.of("Cache-Control", "max-age=1"));
        String etag = given().get("/" + key).then().statusCode(200).extract().header("ETag");
        TestObjects.awaitStored(store, key);
        TestObjects.awaitTrue(
                "expired",
                () -> !store.find(new io.geotier.node.store.ObjectKey(key))
                        .orElseThrow()
                        .isFresh(java.time.Instant.now()));
        long fetched = NodeTestCluster.origin().log().stream()
                .filter(r -> r.path().equals(key))
                .count();
        double savedBefore = saved();
        long later = System.currentTimeMillis() + 3_600_000;
        catalog.put(
                key,
                new ObjectRecord(
                        key,
                        2500,
                        etag,
                        System.currentTimeMillis(),
                        later,
                        List.of(identity.name(), "us-east@10.0.0.7:8080")));

        given().get("/" + key).then().statusCode(200).header("X-Cache", "REVALIDATED");
        assertEquals(
                fetched,
                NodeTestCluster.origin().log().stream()
                        .filter(r -> r.path().equals(key))
                        .count(),
                "the origin was not asked");
        assertEquals(savedBefore + 1, saved());
        given().get("/" + key).then().header("X-Cache", "HIT");

        catalog.put(
                key, new ObjectRecord(key, 2500, "\"another-version\"", 0, later, List.of("us-east@10.0.0.7:8080")));
        store.expire(new io.geotier.node.store.ObjectKey(key), java.time.Instant.now());
        given().get("/" + key).then().statusCode(200);
        assertEquals(
                fetched + 1,
                NodeTestCluster.origin().log().stream()
                        .filter(r -> r.path().equals(key))
                        .count(),
                "another version's record proves nothing: the origin is asked");
    }

    private static double saved() {
        return Double.parseDouble(given().get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("geotier_origin_requests_saved_total"))
                .findFirst()
                .orElse("x 0")
                .split(" ")[1]);
    }

    @Test
    void anotherNodesHoldingSurvivesThisNodesPurge() throws Exception {
        String key = TestObjects.originFile(2000);
        catalog.put(key, new ObjectRecord(key, 2000, "\"x\"", 1, 2, List.of("other-region@10.0.0.9:8080")));
        given().get("/" + key).then().statusCode(200);
        TestObjects.awaitTrue("both holders", () -> catalog.get(key).holders().size() == 2);
        TestObjects.awaitStored(store, key);
        given().header("Authorization", BEARER)
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(200);
        TestObjects.awaitTrue(
                "this node gone from the holders",
                () -> catalog.get(key).holders().equals(List.of("other-region@10.0.0.9:8080")));
    }
}
