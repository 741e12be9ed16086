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
        InfinispanServerOptions options =
                InfinispanServerOptions.standalone(dir.resolve("root"), FreePorts.tcp(), FreePorts.tcp());
        ProcessHandle jvm;
        try (InfinispanServer server = InfinispanServer.start(options)) {
            jvm = ProcessHandle.of(server.pid()).orElseThrow();
            HttpResponse<String> health = send(server, "GET", "/rest/v2/container/health/status", null);
            assertEquals(200, health.statusCode(), "health stays open without credentials");
            String log = Files.readString(options.logFile());
            assertTrue(
                    log.contains("physical addresses are `[127.0.0.1:" + options.jgroupsPort() + "]`"),
                    "JGroups on loopback");
            assertFalse(log.contains("MPING"), "no multicast discovery");
        }
        assertFalse(jvm.isAlive(), "the server JVM is gone after close");
    }

    /**
     * Defect: without a realm, anyone on the host listed and deleted caches and stopped the
     * server. Now anonymous REST is refused, the node's user may use caches but not administer
     * the server, and only the admin user may.
     */
    @Test
    void anonymousAndNodeUsersCannotAdministerTheServer() throws Exception {
        InfinispanServerOptions options =
                InfinispanServerOptions.standalone(dir.resolve("root"), FreePorts.tcp(), FreePorts.tcp());
        try (InfinispanServer server = InfinispanServer.start(options)) {
            ServerUser node = options.user(InfinispanServerOptions.NODE_USER);
            ServerUser admin = options.user(InfinispanServerOptions.ADMIN_USER);
            assertEquals(401, send(server, "GET", "/rest/v2/caches", null).statusCode(), "anonymous cache list");
            assertEquals(
                    401,
                    send(server, "DELETE", "/rest/v2/caches/geotier-objects", null)
                            .statusCode());
            assertEquals(
                    401,
                    send(server, "POST", "/rest/v2/server?action=stop", null).statusCode(),
                    "anonymous stop");
            assertEquals(
                    401, send(server, "GET", "/rest/v2/server/config", null).statusCode());
            assertEquals(
                    401,
                    send(server, "GET", "/rest/v2/caches", new ServerUser(node.name(), "wrong", node.role()))
                            .statusCode(),
                    "a wrong password");
            assertEquals(
                    403,
                    send(server, "POST", "/rest/v2/server?action=stop", node).statusCode(),
                    "node: no stop");
            assertEquals(
                    403,
                    send(server, "DELETE", "/rest/v2/caches/geotier-objects", node)
                            .statusCode(),
                    "node: no cache deletion");
            assertEquals(
                    204,
                    send(server, "PUT", "/rest/v2/caches/geotier-objects/probe", node)
                            .statusCode(),
                    "node: writes entries");
            assertEquals(
                    200, send(server, "GET", "/rest/v2/server/config", admin).statusCode(), "admin may");
            assertTrue(server.isAlive());
            for (Path file : List.of(
                    options.root().resolve("conf/users.properties"),
                    options.root().resolve("conf/groups.properties"))) {
                assertEquals(
                        "rw-------",
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file + " readable by its owner alone");
            }
            assertFalse(Files.readString(options.logFile()).contains(node.password()), "no password in the log");
            assertFalse(node.toString().contains(node.password()));
        }
    }

    private static HttpResponse<String> send(InfinispanServer server, String method, String path, ServerUser user)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server.hotRodAddress() + path))
                .method(
                        method,
                        method.equals("PUT")
                                ? HttpRequest.BodyPublishers.ofString("1")
                                : HttpRequest.BodyPublishers.noBody());
        if (method.equals("PUT")) {
            request.header("Content-Type", "text/plain");
        }
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString((user.name() + ":" + user.password())
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        try (InfinispanServer server =
                InfinispanServer.start(InfinispanServerOptions.standalone(root, FreePorts.tcp(), FreePorts.tcp()))) {
            assertTrue(server.isAlive());
        }
    }

    @Test
    void aServerThatCannotStartFailsFastWithItsLog() throws IOException {
        Path noJars = Files.createDirectories(dir.resolve("empty-jars"));
        InfinispanServerOptions options = new InfinispanServerOptions(
                dir.resolve("root"),
                noJars,
                "127.0.0.1",
                FreePorts.tcp(),
                FreePorts.tcp(),
                List.of(),
                "geotier",
                "broken",
                Duration.ofSeconds(30),
                128,
                InfinispanServerOptions.defaultUsers(),
                null);
        long start = System.nanoTime();
        IOException failure = assertThrows(IOException.class, () -> InfinispanServer.start(options));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "did not wait for the timeout");
        assertTrue(failure.getMessage().contains("exited with status"), failure.getMessage());
        assertTrue(
                failure.getMessage().contains("org.infinispan.server.Bootstrap"),
                "the log tells why: " + failure.getMessage());
    }

    @Test
    void missingJarsAreReportedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new InfinispanServerOptions(
                        dir,
                        dir.resolve("nowhere"),
                        "127.0.0.1",
                        1,
                        2,
                        List.of(),
                        "c",
                        "n",
                        Duration.ofSeconds(1),
                        64,
                        List.of(),
                        null));
        assertTrue(e.getMessage().contains("build the harness module"), e.getMessage());
    }
}
