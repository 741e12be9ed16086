package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {

    @TempDir
    Path dir;

    /** Holds the lock of the directory given as argument until its stdin closes: another node. */
    public static void main(String[] args) throws Exception {
        try (StoreLock lock = StoreLock.acquire(Path.of(args[0]))) {
            System.out.println("held");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void aStoreHeldByAnotherProcessIsRefusedWithAClearErrorAndItsFilesAreUntouched() throws Exception {
        Path inFlight = Files.createDirectories(dir.resolve("tmp")).resolve("fill-of-the-other-node");
        Files.writeString(inFlight, "bytes");
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreLockTest.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine());
            StoreLock.StoreInUseException refused =
                    assertThrows(StoreLock.StoreInUseException.class, () -> new ObjectStore(new StoreConfigStub(dir)));
            assertTrue(refused.getMessage().contains("in use by another running node"), refused.getMessage());
            assertTrue(Files.exists(inFlight), "the other node's fill is still there");
        } finally {
            other.getOutputStream().close();
            other.waitFor(10, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
        try (StoreLock again = StoreLock.acquire(dir)) {
            // the lock went with the process that held it
        }
    }

    /** The node's configuration for a store in this directory. */
    private record StoreConfigStub(Path dir) implements StoreConfig {
        @Override
        public io.quarkus.runtime.configuration.MemorySize budget() {
            return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(1 << 20));
        }

        @Override
        public int minFreePercent() {
            return 0;
        }
    }

    @Test
    void theSameDirectoryCannotBeLockedTwiceInOneProcess() {
        try (StoreLock first = StoreLock.acquire(dir)) {
            assertThrows(StoreLock.StoreInUseException.class, () -> StoreLock.acquire(dir));
        }
        StoreLock.acquire(dir).close();
    }
}
