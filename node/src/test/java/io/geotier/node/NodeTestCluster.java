package io.geotier.node;

import io.geotier.harness.infinispan.InfinispanServer;
import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.infinispan.ServerUser;
import io.geotier.harness.net.FreePorts;
import io.geotier.harness.origin.DemoOrigin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a node test runs against: a real Infinispan Server in its own JVM and a real HTTP origin,
 * both on free loopback ports, both stopped afterwards.
 */
public class NodeTestCluster implements QuarkusTestResourceLifecycleManager {

    /** Small enough that a test can send an object that does not fit. */
    public static final String BUDGET = "64M";
    /** The management API's token in tests. */
    public static final String ADMIN_TOKEN = "test-admin-token";
    /** Keys under this prefix are answered by redirect while caching. */
    public static final String REDIRECTED = "redirected";
    /** The shield region; only ShieldTest registers a node in it. */
    public static final String SHIELD_REGION = "shield";

    private static DemoOrigin origin;
    private static Path storeDir;
    private static InfinispanServerOptions infinispanOptions;
    private static InfinispanServer infinispan;
    private Path workDir;

    public static DemoOrigin origin() {
        return origin;
    }

    public static Path storeDir() {
        return storeDir;
    }

    /** host:port of the Infinispan Server's single port (Hot Rod and REST). */
    public static String infinispanAddress() {
        return infinispan.hotRodAddress();
    }

    /** Stops the Infinispan Server, as an outage would. */
    public static void stopInfinispan() {
        infinispan.close();
    }

    /** Starts it again on the same ports and data directory. */
    public static void startInfinispan() throws IOException {
        infinispan = InfinispanServer.start(infinispanOptions);
    }

    @Override
    public Map<String, String> start() {
        try {
            workDir = Files.createTempDirectory("geotier-node-test");
            infinispanOptions =
                    InfinispanServerOptions.standalone(workDir.resolve("infinispan"), FreePorts.tcp(), FreePorts.tcp());
            infinispan = InfinispanServer.start(infinispanOptions);
            Path files = Files.createDirectories(workDir.resolve("origin"));
            origin = DemoOrigin.start(files, "127.0.0.1", 0);
            storeDir = workDir.resolve("store");
            ServerUser node = infinispanOptions.user(InfinispanServerOptions.NODE_USER);
            return Map.ofEntries(
                    Map.entry("quarkus.infinispan-client.hosts", infinispan.hotRodAddress()),
                    Map.entry("quarkus.infinispan-client.username", node.name()),
                    Map.entry("quarkus.infinispan-client.password", node.password()),
                    Map.entry("geotier.origin.url", origin.baseUri().toString()),
                    Map.entry("geotier.origin.timeout", "1s"),
                    Map.entry("geotier.store.dir", storeDir.toString()),
                    Map.entry("geotier.store.budget", BUDGET),
                    Map.entry("geotier.region", "test-region"),
                    Map.entry("geotier.admin.token", ADMIN_TOKEN),
                    Map.entry("geotier.public-address", "127.0.0.1:8081"),
                    Map.entry("geotier.redirect.prefixes", REDIRECTED + "/"),
                    // No node of this region is registered except by ShieldTest: others' misses go to the origin.
                    Map.entry("geotier.cluster.shield-region", SHIELD_REGION));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (origin != null) {
            origin.close();
        }
        if (infinispan != null) {
            infinispan.close();
        }
    }
}
