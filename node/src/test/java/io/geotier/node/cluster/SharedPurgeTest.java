package io.geotier.node.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.Purge;
import io.quarkus.infinispan.client.Remote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.Test;

/**
 * Purges through the real Infinispan Server: what another node writes to the shared log is applied
 * here (the hit becomes a miss), what this node purges is written there, and a purge never takes
 * a copy fetched after it.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class SharedPurgeTest {

    private static final String BEARER = "Bearer " + NodeTestCluster.ADMIN_TOKEN;

    @Inject
    @Remote(PurgeLog.CACHE)
    RemoteCache<String, Long> purges;

    @Inject
    ObjectStore store;

    @Test
    void aPurgeAnotherNodeSharedTakesTheCopyHere() throws Exception {
        String key = TestObjects.originFile(4000);
        given().get("/" + key).then().statusCode(200);
        TestObjects.awaitStored(store, key);
        given().get("/" + key).then().header("X-Cache", "HIT");

        Purge elsewhere = Purge.issue(Purge.Kind.KEY, key, false, Instant.now());
        purges.put(elsewhere.encode(), elsewhere.issuedAt().toEpochMilli(), 1, TimeUnit.HOURS);
        TestObjects.awaitTrue(
                "applied here", () -> store.find(new ObjectKey(key)).isEmpty());
        given().get("/" + key).then().statusCode(200).header("X-Cache", "MISS");
    }

    @Test
    void aTagPurgeFromElsewhereTakesTaggedCopiesAndSoftOnesGoStale() throws Exception {
        String a = "uploads/shared-" + System.nanoTime() + ".bin";
        given().header("Authorization", BEARER)
                .body(new byte[10])
                .put("/api/v1/objects/" + a + "?tags=show-42")
                .then()
                .statusCode(201);
        Purge soft = Purge.issue(Purge.Kind.TAG, "show-42", true, Instant.now());
        purges.put(soft.encode(), soft.issuedAt().toEpochMilli(), 1, TimeUnit.HOURS);
        TestObjects.awaitTrue(
                "expired here",
                () -> !store.find(new ObjectKey(a)).orElseThrow().isFresh(Instant.now()));
    }

    @Test
    void thisNodesPurgeIsSharedWithTheCluster() throws Exception {
        String key = TestObjects.originFile(1000);
        given().get("/" + key).then().statusCode(200);
        TestObjects.awaitStored(store, key);
        String id = given().header("Authorization", BEARER)
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(200)
                .body("cluster", equalTo("shared"))
                .body("purged", equalTo(true))
                .extract()
                .path("purgeId");
        assertTrue(purges.keySet().stream().anyMatch(k -> k.startsWith(id + "\t")), "in the shared log");
    }

    @Test
    void aPurgeNeverTakesACopyFetchedAfterIt() throws Exception {
        String key = TestObjects.originFile(1500);
        Purge old = Purge.issue(Purge.Kind.KEY, key, false, Instant.now().minusSeconds(60));
        given().get("/" + key).then().statusCode(200);
        TestObjects.awaitStored(store, key);
        assertEquals(0, store.apply(old, Instant.now()), "a replayed purge from before the fetch");
        assertTrue(store.find(new ObjectKey(key)).isPresent());
    }
}
