package io.geotier.node.origin;

import io.geotier.node.NodeTestCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;

/** A node without credentials of its own: S3 judges each distinct signature once. */
@QuarkusTest
@TestProfile(S3OriginJudgedTest.NoCredentials.class)
@WithTestResource(NodeTestCluster.class)
class S3OriginJudgedTest extends S3OriginContract {

    public static class NoCredentials implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3TestServer.class, Map.of("credentials", "false")));
        }
    }
}
