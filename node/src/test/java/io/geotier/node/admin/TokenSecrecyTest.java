package io.geotier.node.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Neither the admin token nor a wrong guess at it reaches a log line, a metric or an error body. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class TokenSecrecyTest {

    private static final String GUESS = "guess-" + System.nanoTime();

    @Test
    void tokensAreNeverLoggedExposedOrEchoed() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            org.jboss.logging.Logger.getLogger("io.geotier.node").info("capture-probe"); // the capture sees node logs
            for (String token : new String[] {GUESS, NodeTestCluster.ADMIN_TOKEN}) {
                given().header("Authorization", "Bearer " + token)
                        .delete("/api/v1/objects/no-such-object")
                        .then()
                        .body(not(containsString(token)));
                given().urlEncodingEnabled(false)
                        .header("Authorization", "Bearer " + token)
                        .body(new byte[10])
                        .put("/api/v1/objects/a%00b")
                        .then()
                        .body(not(containsString(token)));
            }
            given().header("Authorization", "Bearer " + GUESS)
                    .queryParam("prefix", "x/")
                    .delete("/api/v1/objects")
                    .then()
                    .statusCode(401)
                    .body(not(containsString(GUESS)));
        } finally {
            root.removeHandler(capture);
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(!metrics.contains(NodeTestCluster.ADMIN_TOKEN) && !metrics.contains(GUESS), "no token in metrics");
        assertTrue(lines.stream().anyMatch(l -> l.contains("capture-probe")), "the log capture works");
        for (String line : lines) {
            assertTrue(!line.contains(NodeTestCluster.ADMIN_TOKEN) && !line.contains(GUESS), "logged: " + line);
        }
    }
}
