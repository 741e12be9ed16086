package io.geotier.node.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.geotier.node.NodeTestCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node started without GEOTIER_ADMIN_TOKEN: the admin calls are off, whatever is sent. */
@QuarkusTest
@TestProfile(AdminOffTest.NoToken.class)
@WithTestResource(NodeTestCluster.class)
class AdminOffTest {

    public static class NoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("geotier.admin.token", "");
        }
    }

    @Test
    void adminCallsAnswer403AndTheRestStillWorks() {
        given().header("Authorization", "Bearer " + NodeTestCluster.ADMIN_TOKEN)
                .delete("/api/v1/objects/x.bin")
                .then()
                .statusCode(403)
                .body("status", equalTo(403));
        given().get("/api/v1/exists/x.bin").then().statusCode(200).body("present", equalTo(false));
    }
}
