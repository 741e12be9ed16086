package io.geotier.harness.infinispan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.harness.net.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfinispanServerTest {

    @TempDir
    Path dir;

    @Test
    void startsAHealthyServerOnLoopbackAndStopsItsJvm() throws Exception {
        InfinispanServerOptions options = InfinispanServerOptions.standalone(dir.resolve("root"), FreePorts.tcp(), FreePorts.tcp());
        ProcessHandle jvm;
        try (InfinispanServer server = InfinispanServer.start(options)) {
            jvm = ProcessHandle.of(server.pid()).orElseThrow();
            HttpResponse<String> caches = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + server.hotRodAddress() + "/rest/v2/cache-managers/default/health/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, caches.statusCode());
            String log = Files.readString(options.logFile());
            assertTrue(log.contains("physical addresses are `[127.0.0.1:" + options.jgroupsPort() + "]`"), "JGroups on loopback");
            assertFalse(log.contains("MPING"), "no multicast discovery");
        }
        assertFalse(jvm.isAlive(), "the server JVM is gone after close");
    }

    @Test
    void cacheDefinitionsLeftByAnEarlierRunDoNotStopTheServer() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/caches.xml"), """
                <?xml version="1.0"?>
                <infinispan xmlns="urn:infinispan:config:16.0"><cache-container><caches>
                <replicated-cache name="geotier-objects" mode="SYNC"><encoding media-type="application/x-protostream"/></replicated-cache>
                </caches></cache-container></infinispan>
                """);
        try (InfinispanServer server = InfinispanServer.start(
                InfinispanServerOptions.standalone(root, FreePorts.tcp(), FreePorts.tcp()))) {
            assertTrue(server.isAlive());
        }
    }

    @Test
    void aServerThatCannotStartFailsFastWithItsLog() throws IOException {
        Path noJars = Files.createDirectories(dir.resolve("empty-jars"));
        InfinispanServerOptions options = new InfinispanServerOptions(dir.resolve("root"), noJars, "127.0.0.1",
                FreePorts.tcp(), FreePorts.tcp(), List.of(), "geotier", "broken", Duration.ofSeconds(30), 128);
        long start = System.nanoTime();
        IOException failure = assertThrows(IOException.class, () -> InfinispanServer.start(options));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "did not wait for the timeout");
        assertTrue(failure.getMessage().contains("exited with status"), failure.getMessage());
        assertTrue(failure.getMessage().contains("org.infinispan.server.Bootstrap"), "the log tells why: " + failure.getMessage());
    }

    @Test
    void missingJarsAreReportedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InfinispanServerOptions(
                dir, dir.resolve("nowhere"), "127.0.0.1", 1, 2, List.of(), "c", "n", Duration.ofSeconds(1), 64));
        assertTrue(e.getMessage().contains("build the harness module"), e.getMessage());
    }
}
