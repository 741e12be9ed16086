package io.geotier.node.admin;

import static io.geotier.node.TestObjects.awaitStored;
import static io.geotier.node.TestObjects.originFile;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The management API as cache-tier's and packrat's users call it: verify, exists, sync, purge. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class ManagementApiTest {

    private static final String BEARER = "Bearer " + NodeTestCluster.ADMIN_TOKEN;

    @Inject
    ObjectStore store;

    private static long originAsked(String key) {
        return NodeTestCluster.origin().log().stream()
                .filter(r -> r.path().equals(key))
                .count();
    }

    @Test
    void verifyOfAnAbsentObjectSaysSoAndNeverAsksTheOrigin() throws Exception {
        String key = originFile(100);
        given().get("/api/v1/objects/" + key)
                .then()
                .statusCode(200)
                .body("present", equalTo(false))
                .body("key", equalTo(key))
                .body("$", not(hasKey("size")));
        given().get("/api/v1/exists/" + key).then().statusCode(200).body("present", equalTo(false));
        assertEquals(0, originAsked(key), "verify and exists never reach the origin");
    }

    @Test
    void verifyOfAStoredObjectDescribesIt() throws Exception {
        String key = originFile(1234);
        given().get("/" + key).then().statusCode(200);
        awaitStored(store, key);
        given().get("/api/v1/objects/" + key)
                .then()
                .statusCode(200)
                .body("present", equalTo(true))
                .body("size", equalTo(1234))
                .body("etag", notNullValue())
                .body("contentType", equalTo("application/octet-stream"))
                .body("storedAt", notNullValue())
                .body("expiresAt", notNullValue())
                .body("region", equalTo("test-region"))
                .body("node", notNullValue());
        given().get("/api/v1/exists/" + key).then().statusCode(200).body("present", equalTo(true));
    }

    @Test
    void syncFillsInTheBackgroundOnceAndThenSaysFresh() throws Exception {
        String key = originFile(50_000);
        given().post("/api/v1/objects/" + key + "/sync")
                .then()
                .statusCode(202)
                .header("Location", org.hamcrest.Matchers.matchesPattern("http://[^/]+/api/v1/objects/" + key))
                .body("state", equalTo("filling"));
        awaitStored(store, key);
        given().post("/api/v1/objects/" + key + "/sync").then().statusCode(200).body("state", equalTo("fresh"));
        given().get("/" + key).then().statusCode(200).header("X-Cache", "HIT");
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "one origin fetch for sync, sync and GET");
    }

    @Test
    void keysTheDataPathRefusesAreRefusedWithJson() {
        given().urlEncodingEnabled(false)
                .get("/api/v1/objects/a%2F..%2Fb")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("status", equalTo(400));
        given().urlEncodingEnabled(false)
                .post("/api/v1/objects/a%00b/sync")
                .then()
                .statusCode(400)
                .body("error", notNullValue());
    }

    @Test
    void purgeNeedsTheTokenThenRemovesTheObject() throws Exception {
        String key = originFile(2000);
        given().get("/" + key).then().statusCode(200);
        awaitStored(store, key);
        given().delete("/api/v1/objects/" + key)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer wrong")
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(401)
                .body(not(org.hamcrest.Matchers.containsString("wrong")));
        assertTrue(store.find(new ObjectKey(key)).isPresent(), "a refused purge changes nothing");
        given().header("Authorization", BEARER)
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(200)
                .body("purged", equalTo(true))
                .body("purgeId", notNullValue());
        assertTrue(store.find(new ObjectKey(key)).isEmpty());
        given().get("/" + key).then().statusCode(200).header("X-Cache", "MISS");
    }

    @Test
    void softPurgeKeepsTheBytesAndMakesTheNextRequestRevalidate() throws Exception {
        String key = originFile(2000);
        given().get("/" + key).then().statusCode(200);
        awaitStored(store, key);
        given().header("Authorization", BEARER)
                .queryParam("soft", true)
                .delete("/api/v1/objects/" + key)
                .then()
                .statusCode(200)
                .body("purged", equalTo(true))
                .body("soft", equalTo(true));
        given().get("/" + key).then().statusCode(200).header("X-Cache", "REVALIDATED");
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "a 304, no second body");
    }

    @Test
    void everyCallIsDescribedInOpenApi() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/objects/{key}"))
                .body("paths", hasKey("/api/v1/objects/{key}/sync"))
                .body("paths", hasKey("/api/v1/exists/{key}"))
                .body("paths.'/api/v1/objects/{key}'.delete.security[0]", hasKey("admin"));
    }

    @Test
    void pathsOutsideTheApiPrefixStayObjectKeys() throws Exception {
        String key = "api/v2/" + java.util.UUID.randomUUID() + ".bin";
        java.nio.file.Files.createDirectories(NodeTestCluster.origin().root().resolve("api/v2"));
        java.nio.file.Files.write(NodeTestCluster.origin().root().resolve(key), new byte[] {1, 2, 3});
        given().get("/" + key).then().statusCode(200).header("X-Cache", "MISS");
        TestObjects.awaitStored(store, key);
    }
}
