package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container build files, read (no container engine runs here, so no image is built): what
 * checkov checks in a Dockerfile (its CKV_DOCKER ids at each), and what the application needs: its
 * ports exposed, its state on a volume, a health check on its real health path, and every COPY
 * source present in a packaged module.
 */
class DockerfileTest {

    @Test
    void theNodesImage() throws Exception {
        Dockerfile node = Dockerfile.read("node");
        node.checkPolicy();
        assertEquals(Set.of("8080", "8443"), node.exposed());
        assertEquals(List.of(node.env("GEOTIER_STORE_DIR")), node.volumes(), "the store is the volume");
        assertTrue(node.healthcheck().contains("http://127.0.0.1:8080/q/health/live"), node.healthcheck());
        node.checkCopySources();
    }

    @Test
    void geodnssImage() throws Exception {
        Dockerfile geodns = Dockerfile.read("geodns");
        geodns.checkPolicy();
        String dns = geodns.env("GEODNS_DNS_PORT");
        assertEquals(Set.of(dns + "/udp", dns + "/tcp", "8053"), geodns.exposed());
        assertTrue(Integer.parseInt(dns) > 1024, "no privilege needed to bind it");
        String lastView = geodns.env("GEODNS_REGISTRY_LAST_VIEW");
        assertEquals(List.of(lastView.substring(0, lastView.lastIndexOf('/'))), geodns.volumes());
        assertTrue(geodns.healthcheck().contains("http://127.0.0.1:8053/q/health/live"), geodns.healthcheck());
        AppConfig config = AppConfig.geodns();
        for (String env : geodns.envNames()) {
            if (!env.startsWith("JAVA_") && !env.equals("LANGUAGE")) {
                AppConfig.requireMapped(config, env, "geodns Dockerfile");
            }
        }
        geodns.checkCopySources();
    }

    private record Dockerfile(String module, List<String> lines) {

        static Dockerfile read(String module) throws Exception {
            List<String> joined = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(Repo.path(module + "/src/main/docker/Dockerfile.jvm"))) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                current.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line);
                if (!line.endsWith("\\")) {
                    joined.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            return new Dockerfile(module, joined);
        }

        List<String> instructions(String name) {
            return lines.stream()
                    .filter(l -> l.startsWith(name + " "))
                    .map(l -> l.substring(name.length() + 1).strip())
                    .toList();
        }

        void checkPolicy() {
            List<String> users = instructions("USER");
            assertFalse(users.isEmpty(), module + ": CKV_DOCKER_3 a USER");
            String last = users.get(users.size() - 1);
            assertFalse(last.equals("root") || last.equals("0"), module + ": CKV_DOCKER_8 the last USER is not root");
            assertEquals(1, instructions("HEALTHCHECK").size(), module + ": CKV_DOCKER_2 a HEALTHCHECK");
            assertTrue(instructions("ADD").isEmpty(), module + ": CKV_DOCKER_4 COPY, not ADD");
            assertFalse(exposed().contains("22"), module + ": CKV_DOCKER_1 no SSH port");
            for (String from : instructions("FROM")) {
                assertTrue(
                        from.matches("[^ ]+:[A-Za-z0-9._-]+") && !from.endsWith(":latest"),
                        module + ": CKV_DOCKER_7 " + from);
            }
            assertTrue(
                    lines.stream().noneMatch(l -> l.matches("RUN .*(apt-get|yum|microdnf) .*upgrade.*")),
                    module + ": CKV_DOCKER_5");
        }

        Set<String> exposed() {
            Set<String> ports = new TreeSet<>();
            instructions("EXPOSE").forEach(e -> ports.addAll(List.of(e.split("\\s+"))));
            return ports;
        }

        List<String> volumes() {
            return instructions("VOLUME");
        }

        String healthcheck() {
            return instructions("HEALTHCHECK").get(0);
        }

        String env(String name) {
            for (String env : instructions("ENV")) {
                Matcher m =
                        Pattern.compile(Pattern.quote(name) + "=\"?([^\" ]+)").matcher(env);
                if (m.find()) {
                    return m.group(1);
                }
            }
            throw new AssertionError(module + ": no ENV " + name);
        }

        List<String> envNames() {
            return instructions("ENV").stream()
                    .map(e -> e.substring(0, e.indexOf('=')))
                    .toList();
        }

        /** Every COPY source exists once the module is packaged (the reactor built it before these checks). */
        void checkCopySources() throws Exception {
            for (String copy : instructions("COPY")) {
                String[] parts = copy.replaceAll("--chown=\\S+\\s+", "").split("\\s+");
                String source = parts[0];
                Path dir = Repo.path(module)
                        .resolve(source.contains("*") ? source.substring(0, source.lastIndexOf('/')) : source);
                assertTrue(Files.exists(dir), module + ": COPY " + source + " (" + dir + ")");
            }
        }
    }
}
