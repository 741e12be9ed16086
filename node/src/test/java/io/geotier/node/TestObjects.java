package io.geotier.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Objects placed at the test origin, and waiting for what the node does in the background. */
public final class TestObjects {

    private TestObjects() {}

    /** A fresh file of random bytes at the origin, so no test sees another's cache entries. */
    public static String originFile(int size) throws IOException {
        String key = "t/" + UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[size];
        new Random(key.hashCode()).nextBytes(bytes);
        Path file = NodeTestCluster.origin().root().resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return key;
    }

    public static byte[] originBytes(String key) throws IOException {
        return Files.readAllBytes(NodeTestCluster.origin().root().resolve(key));
    }

    /** Fails unless the condition holds within 20 s (a fill commits a moment after its last byte went out). */
    public static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    /** A client may read a whole fill before it commits; a request before then joins the fill and is a MISS. */
    public static void awaitStored(ObjectStore store, String key) throws InterruptedException {
        awaitTrue(key + " stored", () -> store.find(new ObjectKey(key)).isPresent());
    }
}
