package io.geotier.harness.infinispan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where and how one Infinispan Server runs. Every address is on loopback in tests and in the
 * local cluster; members find each other through TCPPING on {@link #initialHosts()}, never
 * multicast.
 *
 * @param root         server root: conf/, data/, log/ and the (empty) lib/ live here
 * @param jarsDir      the server's class path (infinispan-server-runtime and its dependencies)
 * @param port         the single endpoint port: Hot Rod and REST
 * @param jgroupsPort  the JGroups TCP port of this member
 * @param initialHosts JGroups "host[port]" of every member, this one included
 * @param users        the realm's users: every endpoint but health needs one of them
 * @param crossSite    this server's site among several joined by RELAY2, or null for a lone site
 */
public record InfinispanServerOptions(
        Path root,
        Path jarsDir,
        String bindAddress,
        int port,
        int jgroupsPort,
        List<String> initialHosts,
        String clusterName,
        String nodeName,
        Duration startTimeout,
        int maxHeapMb,
        List<ServerUser> users,
        CrossSite crossSite) {

    /** The jar folder the harness build fills; found from a property or by walking up from here. */
    public static final String JARS_PROPERTY = "geotier.infinispan.jars";

    static final Path JARS_IN_BUILD = Path.of("harness", "target", "infinispan-server", "jars");

    public InfinispanServerOptions {
        initialHosts = List.copyOf(initialHosts);
        users = List.copyOf(users);
        if (!Files.isDirectory(jarsDir)) {
            throw new IllegalArgumentException("no Infinispan Server jars at " + jarsDir
                    + ": build the harness module first (./mvnw -pl harness package)");
        }
    }

    /** A single-member server on loopback with the given ports, its files under {@code root}. */
    public static InfinispanServerOptions standalone(Path root, int port, int jgroupsPort) {
        String bind = "127.0.0.1";
        return new InfinispanServerOptions(
                root,
                defaultJarsDir(),
                bind,
                port,
                jgroupsPort,
                List.of(bind + "[" + jgroupsPort + "]"),
                "geotier",
                "ispn-" + port,
                Duration.ofSeconds(90),
                384,
                defaultUsers(),
                null);
    }

    /** The same server as one site of several. */
    public InfinispanServerOptions withCrossSite(CrossSite site) {
        return new InfinispanServerOptions(
                root,
                jarsDir,
                bindAddress,
                port,
                jgroupsPort,
                initialHosts,
                clusterName,
                site.site(),
                startTimeout,
                maxHeapMb,
                users,
                site);
    }

    public InfinispanServerOptions withJars(Path jars) {
        return new InfinispanServerOptions(
                root,
                jars,
                bindAddress,
                port,
                jgroupsPort,
                initialHosts,
                clusterName,
                nodeName,
                startTimeout,
                maxHeapMb,
                users,
                crossSite);
    }

    public InfinispanServerOptions withStartTimeout(Duration timeout) {
        return new InfinispanServerOptions(
                root,
                jarsDir,
                bindAddress,
                port,
                jgroupsPort,
                initialHosts,
                clusterName,
                nodeName,
                timeout,
                maxHeapMb,
                users,
                crossSite);
    }

    /** The same server with these users (a restart keeps the passwords running clients hold). */
    public InfinispanServerOptions withUsers(List<ServerUser> newUsers) {
        return new InfinispanServerOptions(
                root,
                jarsDir,
                bindAddress,
                port,
                jgroupsPort,
                initialHosts,
                clusterName,
                nodeName,
                startTimeout,
                maxHeapMb,
                newUsers,
                crossSite);
    }

    /** A node user ("application": caches only) and an operator ("admin"), with fresh passwords. */
    public static List<ServerUser> defaultUsers() {
        return List.of(ServerUser.generated(NODE_USER, "application"), ServerUser.generated(ADMIN_USER, "admin"));
    }

    public static final String NODE_USER = "geotier-node";
    public static final String ADMIN_USER = "geotier-admin";

    /** The user of this name. */
    public ServerUser user(String name) {
        return users.stream()
                .filter(u -> u.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user " + name));
    }

    public Path logFile() {
        return root.resolve("server.out");
    }

    String initialHostsProperty() {
        return initialHosts.stream().collect(Collectors.joining(","));
    }

    public static Path defaultJarsDir() {
        String configured = System.getProperty(JARS_PROPERTY, System.getenv("GEOTIER_INFINISPAN_JARS"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(JARS_IN_BUILD);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return JARS_IN_BUILD.toAbsolutePath();
    }
}
