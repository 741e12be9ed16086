package io.geotier.harness.infinispan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an Infinispan Server, waits until it is healthy, records its pid and returns, leaving
 * the server running: deploy/local/up uses it so the local cluster and the tests share one
 * launcher. Exit status 1 with the server log when it does not come up.
 *
 * <pre>
 * java -cp geotier-harness.jar io.geotier.harness.infinispan.InfinispanServerMain \
 *     --root DIR --port 11222 --jgroups-port 7800 [--pid-file FILE] [--credentials-file FILE]
 *     [--jars DIR] [--timeout-seconds 90]
 * </pre>
 */
public final class InfinispanServerMain {

    private InfinispanServerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = parse(args);
        Path root = Path.of(required(opts, "--root"));
        int port = Integer.parseInt(opts.getOrDefault("--port", "11222"));
        int jgroupsPort = Integer.parseInt(opts.getOrDefault("--jgroups-port", "7800"));
        Path jars = Path.of(opts.getOrDefault("--jars", InfinispanServerOptions.defaultJarsDir().toString()));
        Duration timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("--timeout-seconds", "90")));
        String bind = "127.0.0.1";
        List<ServerUser> users = InfinispanServerOptions.defaultUsers();
        if (opts.containsKey("--credentials-file") && "true".equals(opts.get("--reuse-credentials"))) {
            users = readCredentials(Path.of(opts.get("--credentials-file"))).orElse(users);
        }
        InfinispanServerOptions options = new InfinispanServerOptions(root, jars, bind, port, jgroupsPort,
                List.of(bind + "[" + jgroupsPort + "]"), "geotier", "ispn-" + port, timeout, 384, users);
        try {
            InfinispanServer server = InfinispanServer.start(options);
            if (opts.containsKey("--pid-file")) {
                Files.writeString(Path.of(opts.get("--pid-file")), server.pid() + "\n");
            }
            if (opts.containsKey("--credentials-file")) {
                writeCredentials(Path.of(opts.get("--credentials-file")), options);
            }
            System.out.println("Infinispan Server ready: hotrod://" + server.hotRodAddress()
                    + " pid " + server.pid() + " log " + options.logFile());
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The users a previous start wrote, so that a server restarted on the same root lets the
     * running nodes back in (they keep the password they were started with).
     */
    private static java.util.Optional<List<ServerUser>> readCredentials(Path file) {
        try {
            java.util.Properties p = new java.util.Properties();
            try (java.io.Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            String nodeUser = p.getProperty("ISPN_NODE_USER");
            String adminUser = p.getProperty("ISPN_ADMIN_USER");
            if (nodeUser == null || adminUser == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(List.of(new ServerUser(nodeUser, p.getProperty("ISPN_NODE_PASSWORD"), "application"),
                    new ServerUser(adminUser, p.getProperty("ISPN_ADMIN_PASSWORD"), "admin")));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Shell-sourceable credentials, readable by the owner alone; never printed. */
    private static void writeCredentials(Path file, InfinispanServerOptions options) throws IOException {
        ServerUser node = options.user(InfinispanServerOptions.NODE_USER);
        ServerUser admin = options.user(InfinispanServerOptions.ADMIN_USER);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "ISPN_NODE_USER=" + node.name() + "\nISPN_NODE_PASSWORD=" + node.password()
                + "\nISPN_ADMIN_USER=" + admin.name() + "\nISPN_ADMIN_PASSWORD=" + admin.password() + "\n");
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
        System.err.println(problem + "\nusage: InfinispanServerMain --root DIR [--port 11222] "
                + "[--jgroups-port 7800] [--pid-file FILE] [--credentials-file FILE] [--reuse-credentials true] [--jars DIR] [--timeout-seconds 90]");
        System.exit(2);
    }
}
