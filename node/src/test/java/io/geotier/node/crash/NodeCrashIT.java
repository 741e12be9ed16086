package io.geotier.node.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.harness.infinispan.InfinispanServer;
import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.net.FreePorts;
import io.geotier.harness.origin.DemoOrigin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills a real node process with SIGKILL while it is filling objects, several times, and checks
 * that after each restart every object it serves equals the origin's byte for byte.
 */
class NodeCrashIT {

    private static final int OBJECTS = 12;
    private static Path work;
    private static InfinispanServer infinispan;
    private static DemoOrigin origin;
    private static final List<String> keys = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startWorld() throws IOException {
        work = Files.createTempDirectory("geotier-crash-it");
        infinispan = InfinispanServer.start(
                InfinispanServerOptions.standalone(work.resolve("infinispan"), FreePorts.tcp(), FreePorts.tcp()));
        Path files = Files.createDirectories(work.resolve("origin/crash"));
        Random random = new Random(42);
        for (int i = 0; i < OBJECTS; i++) {
            byte[] bytes = new byte[(i % 4 + 1) * 700_000 + i];
            random.nextBytes(bytes);
            Files.write(files.resolve("obj-" + i + ".bin"), bytes);
            keys.add("crash/obj-" + i + ".bin");
        }
        origin = DemoOrigin.start(work.resolve("origin"), "127.0.0.1", 0);
    }

    @AfterAll
    static void stopWorld() {
        if (origin != null) {
            origin.close();
        }
        if (infinispan != null) {
            infinispan.close();
        }
    }

    @Test
    void killedInTheMiddleOfFillsTheNodeNeverServesAPartialObject() throws Exception {
        Path store = work.resolve("store");
        int port = FreePorts.tcp();
        boolean sawInterruptedFill = false;
        boolean sawCommittedObject = false;
        origin.faults().throttle(6_000_000);
        for (int round = 0; round < 3; round++) {
            Process node = startNode(store, port);
            try {
                awaitReady(port);
                checkEveryServedObject(port, true);
                ExecutorService clients = Executors.newFixedThreadPool(OBJECTS);
                for (String key : keys) {
                    clients.execute(() -> fetchQuietly(port, key));
                }
                Thread.sleep(400 + 250L * round);
                sawInterruptedFill |= hasFiles(store.resolve("tmp"));
                sawCommittedObject |= hasFiles(store.resolve("objects"));
                node.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
                clients.shutdownNow();
            } finally {
                node.destroyForcibly().waitFor();
            }
        }
        assertTrue(sawInterruptedFill, "some kill landed in the middle of a fill");
        assertTrue(sawCommittedObject, "some objects were committed before a kill");

        origin.faults().clear();
        Process node = startNode(store, port);
        try {
            awaitReady(port);
            assertTrue(!hasFiles(store.resolve("tmp")) || onlyProbes(store.resolve("tmp")), "recovery emptied tmp/");
            checkEveryServedObject(port, false);
        } finally {
            node.destroyForcibly().waitFor();
        }
    }

    /** Every object the node answers for, from its store or freshly, equals the origin's bytes. */
    private void checkEveryServedObject(int port, boolean storedOnly) throws Exception {
        for (String key : keys) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + key));
            if (storedOnly) {
                request.header("Cache-Control", "only-if-cached");
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (storedOnly && response.statusCode() == 504) {
                continue;
            }
            assertEquals(200, response.statusCode(), key);
            assertArrayEquals(Files.readAllBytes(origin.root().resolve(key)), response.body(), key);
        }
    }

    private void fetchQuietly(int port, String key) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + key))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // the node was killed under us: that is the point
        }
    }

    private Process startNode(Path store, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        Path.of("target/quarkus-app/quarkus-run.jar")
                                .toAbsolutePath()
                                .toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("node.log").toFile()));
        builder.environment().put("GEOTIER_ORIGIN_URL", origin.baseUri().toString());
        builder.environment().put("GEOTIER_STORE_DIR", store.toString());
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_INFINISPAN_CLIENT_HOSTS", infinispan.hotRodAddress());
        io.geotier.harness.infinispan.ServerUser user = infinispan.options().user(InfinispanServerOptions.NODE_USER);
        builder.environment().put("QUARKUS_INFINISPAN_CLIENT_USERNAME", user.name());
        builder.environment().put("QUARKUS_INFINISPAN_CLIENT_PASSWORD", user.password());
        return builder.start();
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node not ready; log:\n" + Files.readString(work.resolve("node.log")));
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    private static boolean onlyProbes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.allMatch(p -> p.getFileName().toString().startsWith("probe-"));
        }
    }
}
