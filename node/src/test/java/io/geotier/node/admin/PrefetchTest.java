package io.geotier.node.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prefetch: warm a list of keys in one call, then follow the job to its end. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class PrefetchTest {

    private static final String BEARER = "Bearer " + NodeTestCluster.ADMIN_TOKEN;

    @Inject
    ObjectStore store;

    @Test
    void aJsonListIsWarmedAndItsProgressReportsFailuresWithReasons() throws Exception {
        String a = TestObjects.originFile(300_000);
        String b = TestObjects.originFile(200_000);
        String missing = "t/none-" + System.nanoTime() + ".bin";
        String location = given().header("Authorization", BEARER)
                .contentType("application/json")
                .body(List.of(a, "/" + b, missing))
                .post("/api/v1/prefetch")
                .then()
                .statusCode(202)
                .body("total", equalTo(3))
                .header("Location", startsWith("http"))
                .extract()
                .header("Location");
        JsonPath done = awaitComplete(location);
        assertEquals(2, done.getInt("done"));
        assertEquals(500_000L, done.getLong("bytes"));
        List<Map<String, String>> failed = done.getList("failed");
        assertEquals(1, failed.size());
        assertEquals(missing, failed.get(0).get("key"));
        assertTrue(failed.get(0).get("reason").contains("origin has no object"), failed.toString());
        assertTrue(store.find(new ObjectKey(a)).isPresent()
                && store.find(new ObjectKey(b)).isPresent());
        given().get("/" + a).then().header("X-Cache", "HIT");
    }

    @Test
    void aTextBodyTakesOneKeyPerLineAndFreshKeysCostNothing() throws Exception {
        String a = TestObjects.originFile(1000);
        given().get("/" + a).then().statusCode(200);
        TestObjects.awaitStored(store, a);
        long before = NodeTestCluster.origin().getRequests(a);
        String location = given().header("Authorization", BEARER)
                .contentType("text/plain")
                .body(a + "\n\n" + a + "\n")
                .post("/api/v1/prefetch")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        JsonPath done = awaitComplete(location);
        assertEquals(2, done.getInt("done"));
        assertEquals(0L, done.getLong("bytes"), "already fresh: nothing fetched");
        assertEquals(before, NodeTestCluster.origin().getRequests(a));
    }

    @Test
    void refusalsAreClear() {
        given().contentType("application/json")
                .body(List.of("a"))
                .post("/api/v1/prefetch")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", BEARER)
                .contentType("application/json")
                .body("{not json")
                .post("/api/v1/prefetch")
                .then()
                .statusCode(400)
                .body("status", equalTo(400));
        given().header("Authorization", BEARER)
                .contentType("text/plain")
                .body("a/../../etc/passwd")
                .post("/api/v1/prefetch")
                .then()
                .statusCode(400);
        given().header("Authorization", BEARER)
                .contentType("text/plain")
                .body("k\n".repeat(3 << 20))
                .post("/api/v1/prefetch")
                .then()
                .statusCode(413)
                .body("status", equalTo(413));
        given().header("Authorization", BEARER)
                .get("/api/v1/prefetch/no-such-job")
                .then()
                .statusCode(404)
                .body("status", equalTo(404));
        given().get("/api/v1/prefetch/no-such-job").then().statusCode(401);
    }

    private static JsonPath awaitComplete(String location) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonPath progress = given().header("Authorization", BEARER)
                    .get(location)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (progress.getBoolean("complete") || System.nanoTime() > deadline) {
                assertTrue(progress.getBoolean("complete"), "the prefetch did not end: " + progress.prettify());
                return progress;
            }
            Thread.sleep(20);
        }
    }
}
