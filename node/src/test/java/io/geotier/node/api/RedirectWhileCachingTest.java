package io.geotier.node.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Under a redirect prefix a miss is a 302 to the origin, signature intact, and the fill runs behind it. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class RedirectWhileCachingTest {

    @Inject
    ObjectStore store;

    @Test
    void aMissRedirectsToTheOriginAndTheSameUrlIsThenAHit() throws Exception {
        String key = NodeTestCluster.REDIRECTED + "/" + UUID.randomUUID() + ".mp3";
        byte[] bytes = new byte[400_000];
        new Random(7).nextBytes(bytes);
        Path file = NodeTestCluster.origin().root().resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        String query = "X-Amz-Signature=abc%2Fdef&X-Amz-Expires=60"; // presigned: not part of the key

        Response first =
                given().redirects().follow(false).urlEncodingEnabled(false).get("/" + key + "?" + query);
        assertEquals(302, first.statusCode());
        assertEquals("REDIRECT", first.header("X-Cache"));
        assertEquals(
                NodeTestCluster.origin().baseUri().toString().replaceAll("/+$", "") + "/" + key + "?" + query,
                first.header("Location"),
                "the origin's URL, signed query intact");

        TestObjects.awaitStored(store, key);
        byte[] second = given().urlEncodingEnabled(false)
                .get("/" + key + "?" + query)
                .then()
                .statusCode(200)
                .header("X-Cache", "HIT")
                .extract()
                .asByteArray();
        assertArrayEquals(bytes, second);
        assertEquals(1, NodeTestCluster.origin().getRequests(key), "one fill, behind the redirect");
    }

    @Test
    void keysOutsideThePrefixAreServedAsUsual() throws Exception {
        String key = TestObjects.originFile(1000);
        given().redirects().follow(false).get("/" + key).then().statusCode(200).header("X-Cache", "MISS");
    }
}
