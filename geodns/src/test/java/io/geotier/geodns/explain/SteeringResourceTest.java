package io.geotier.geodns.explain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import io.geotier.geodns.server.GeodnsTestWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * GET /steering explains an answer the way DNS gives it: the same placement (coverage zone,
 * GeoIP, default), the regions in the order tried with their distance and nodes' state, and the
 * answer with its TTL. In the test world eu-west-1 and us-east-1 are ready, ap-southeast-1 not.
 */
@QuarkusTest
@WithTestResource(GeodnsTestWorld.class)
class SteeringResourceTest {

    @Test
    void aLondonSubnetIsPlacedByGeoIpAndAnsweredWithTheNearestRegion() {
        given().queryParam("client", "81.2.69.0/24")
                .get("/steering")
                .then()
                .statusCode(200)
                .body("client", equalTo("81.2.69.0/24"))
                .body("placed.source", equalTo("geoip"))
                .body("placed.latitude", equalTo(51.5142f)) // the test database's London
                .body("regions[0].name", equalTo("eu-west"))
                .body("regions[0].km", lessThan(20f))
                .body("regions[1].name", equalTo("us-east"))
                .body("regions[0].nodes[0].url", containsString("http://127.0.0.1:"))
                .body("answer.region", equalTo("eu-west"))
                .body("answer.nodes[0].name", equalTo("eu-west-1"))
                .body("answer.nodes[0].addresses[0]", equalTo("127.0.1.1"))
                .body("answer.ttl", greaterThan(0));
    }

    @Test
    void aClientNearARegionWithNoAvailableNodeGoesToTheNextAndTheExplanationSaysWhy() {
        given().queryParam("client", "175.16.199.0/24") // Changchun: Singapore is nearest
                .get("/steering")
                .then()
                .statusCode(200)
                .body("regions[0].name", equalTo("ap-southeast"))
                .body("regions[0].nodes[0].available", equalTo(false))
                .body("regions[1].name", equalTo("eu-west"))
                .body("answer.region", equalTo("eu-west"));
    }

    @Test
    void coverageZonesAndTheDefaultRegionAreNamedAsSuch() {
        given().queryParam("client", "127.0.2.77")
                .get("/steering")
                .then()
                .statusCode(200)
                .body("client", equalTo("127.0.2.77/32"))
                .body("placed.source", equalTo("coverage-zone"))
                .body("placed.region", equalTo("us-east"))
                .body("placed.latitude", nullValue())
                .body("answer.nodes[0].name", equalTo("us-east-1"));
        given().queryParam("client", "10.9.9.0/24")
                .get("/steering")
                .then()
                .statusCode(200)
                .body("placed.source", equalTo("default"))
                .body("placed.region", equalTo("eu-west"))
                .body("answer.region", equalTo("eu-west"));
    }

    @Test
    void aClientThatIsNotAnAddressIsA400WithAReason() {
        given().queryParam("client", "cdn.example.com")
                .get("/steering")
                .then()
                .statusCode(400)
                .body("error", containsString("not an IP network"));
        given().get("/steering").then().statusCode(400).body("error", containsString("required"));
    }

    @Test
    void aNameGivenMustBeTheSteeredNameInAnyCaseWithOrWithoutItsDot() {
        given().queryParam("client", "81.2.69.0/24")
                .queryParam("name", "CDN.geotier.test")
                .get("/steering")
                .then()
                .statusCode(200)
                .body("answer.region", equalTo("eu-west"));
        given().queryParam("client", "81.2.69.0/24")
                .queryParam("name", "cdn.geotier.test.")
                .get("/steering")
                .then()
                .statusCode(200);
        given().queryParam("client", "81.2.69.0/24")
                .queryParam("name", "www.geotier.test")
                .get("/steering")
                .then()
                .statusCode(404)
                .body("error", equalTo("www.geotier.test is not steered here; geodns steers cdn.geotier.test."));
    }
}
