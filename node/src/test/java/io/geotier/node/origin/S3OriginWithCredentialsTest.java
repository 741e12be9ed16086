package io.geotier.node.origin;

import io.geotier.node.NodeTestCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;

/** A node holding the bucket's key: V4 signatures are checked locally and fills are signed by the node. */
@QuarkusTest
@TestProfile(S3OriginWithCredentialsTest.WithCredentials.class)
@WithTestResource(NodeTestCluster.class)
class S3OriginWithCredentialsTest extends S3OriginContract {

    public static class WithCredentials implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3TestServer.class, Map.of("credentials", "true")));
        }
    }
}
