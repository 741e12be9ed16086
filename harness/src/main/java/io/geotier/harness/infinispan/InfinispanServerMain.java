package io.geotier.harness.infinispan;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts Infinispan Servers, waits until they are healthy, records their pids and returns, leaving
 * them running: deploy/local/up uses it so the local cluster and the tests share one launcher.
 * Exit status 1 with the server log when one does not come up.
 *
 * <p>One server by default; with {@code --sites a,b,c}, one site per name joined by cross-site
 * replication, site i on {@code --port}+i, {@code --jgroups-port}+i and {@code --bridge-port}+i,
 * its files under {@code --root}/NAME and its pid in {@code --pid-dir}/infinispan-NAME.pid;
 * {@code --only NAME} starts that site alone (after a crash; the others are running).
 *
 * <pre>
 * java -cp geotier-harness.jar io.geotier.harness.infinispan.InfinispanServerMain \
 *     --root DIR --port 11222 --jgroups-port 7800 [--pid-file FILE] [--credentials-file FILE]
 *     [--sites a,b,c --bridge-port 7810 --pid-dir DIR [--only a]]
 *     [--reuse-credentials true] [--jars DIR] [--timeout-seconds 90]
 * </pre>
 */
public final class InfinispanServerMain {

    private InfinispanServerMain() {}

    public static void main(String[] args) {
        Map<String, String> opts = parse(args);
        Path root = Path.of(required(opts, "--root"));
        int port = Integer.parseInt(opts.getOrDefault("--port", "11222"));
        int jgroupsPort = Integer.parseInt(opts.getOrDefault("--jgroups-port", "7800"));
        List<ServerUser> users = InfinispanServerOptions.defaultUsers();
        if (opts.containsKey("--credentials-file") && "true".equals(opts.get("--reuse-credentials"))) {
            users = readCredentials(Path.of(opts.get("--credentials-file"))).orElse(users);
        }
        try {
            Map<String, InfinispanServerOptions> plan = opts.containsKey("--sites")
                    ? sites(opts, root, port, jgroupsPort, users)
                    : Map.of("", lone(opts, root, port, jgroupsPort, users));
            if (opts.containsKey("--only")) {
                plan = Map.of(
                        opts.get("--only"),
                        Optional.ofNullable(plan.get(opts.get("--only")))
                                .orElseThrow(() -> new IllegalArgumentException("no site " + opts.get("--only"))));
            }
            InfinispanSites started = InfinispanSites.start(plan);
            for (String site : started.names()) {
                InfinispanServer server = started.site(site);
                Files.writeString(pidFile(opts, site), server.pid() + "\n");
                System.out.println("Infinispan Server ready: " + (site.isEmpty() ? "" : "site " + site + " ")
                        + "hotrod://" + server.hotRodAddress() + " pid " + server.pid()
                        + " log " + server.options().logFile());
            }
            if (opts.containsKey("--credentials-file")) {
                writeCredentials(Path.of(opts.get("--credentials-file")), users);
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static InfinispanServerOptions lone(
            Map<String, String> opts, Path root, int port, int jgroupsPort, List<ServerUser> users) {
        return InfinispanServerOptions.standalone(root, port, jgroupsPort)
                .withUsers(users)
                .withJars(jars(opts))
                .withStartTimeout(timeout(opts));
    }

    private static Map<String, InfinispanServerOptions> sites(
            Map<String, String> opts, Path root, int port, int jgroupsPort, List<ServerUser> users) throws IOException {
        int bridgePort = Integer.parseInt(opts.getOrDefault("--bridge-port", "7810"));
        List<String> names = List.of(opts.get("--sites").split(","));
        Map<String, InfinispanSites.SitePorts> ports = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ports.put(names.get(i), new InfinispanSites.SitePorts(port + i, jgroupsPort + i, bridgePort + i));
        }
        Map<String, InfinispanServerOptions> plan = new LinkedHashMap<>();
        InfinispanSites.plan(root, ports, users)
                .forEach((site, o) -> plan.put(site, o.withJars(jars(opts)).withStartTimeout(timeout(opts))));
        return plan;
    }

    private static Path jars(Map<String, String> opts) {
        return Path.of(opts.getOrDefault(
                "--jars", InfinispanServerOptions.defaultJarsDir().toString()));
    }

    private static Duration timeout(Map<String, String> opts) {
        return Duration.ofSeconds(Long.parseLong(opts.getOrDefault("--timeout-seconds", "90")));
    }

    private static Path pidFile(Map<String, String> opts, String site) {
        if (site.isEmpty()) {
            return Path.of(required(opts, "--pid-file"));
        }
        return Path.of(required(opts, "--pid-dir")).resolve("infinispan-" + site + ".pid");
    }

    /**
     * The users a previous start wrote, so that a server restarted on the same root lets the
     * running nodes back in (they keep the password they were started with).
     */
    private static Optional<List<ServerUser>> readCredentials(Path file) {
        try {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            String nodeUser = p.getProperty("ISPN_NODE_USER");
            String adminUser = p.getProperty("ISPN_ADMIN_USER");
            if (nodeUser == null || adminUser == null) {
                return Optional.empty();
            }
            return Optional.of(List.of(
                    new ServerUser(nodeUser, p.getProperty("ISPN_NODE_PASSWORD"), "application"),
                    new ServerUser(adminUser, p.getProperty("ISPN_ADMIN_PASSWORD"), "admin")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Shell-sourceable credentials, readable by the owner alone; never printed. */
    private static void writeCredentials(Path file, List<ServerUser> users) throws IOException {
        ServerUser node = find(users, InfinispanServerOptions.NODE_USER);
        ServerUser admin = find(users, InfinispanServerOptions.ADMIN_USER);
        ServerRoot.writePrivate(
                file,
                "ISPN_NODE_USER=" + node.name() + "\nISPN_NODE_PASSWORD=" + node.password() + "\nISPN_ADMIN_USER="
                        + admin.name() + "\nISPN_ADMIN_PASSWORD=" + admin.password() + "\n");
    }

    private static ServerUser find(List<ServerUser> users, String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            opts.put(args[i], args[++i]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null) {
            usage("missing " + key);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: InfinispanServerMain --root DIR [--port 11222] [--jgroups-port 7800] "
                + "[--pid-file FILE] [--credentials-file FILE] [--reuse-credentials true] "
                + "[--sites a,b,c --bridge-port 7810 --pid-dir DIR [--only a]] [--jars DIR] [--timeout-seconds 90]");
        System.exit(2);
    }
}
