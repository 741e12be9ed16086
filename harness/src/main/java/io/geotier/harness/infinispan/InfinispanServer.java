package io.geotier.harness.infinispan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Infinispan Server running in a JVM of its own, started from the jars that the harness
 * module copies out of Maven Central.
 *
 * <p>The server is ready once its REST health endpoint says HEALTHY. A server that does not get
 * there in time is killed (its JVM would otherwise linger: a failed Bootstrap leaves non-daemon
 * threads behind) and the failure carries the tail of its log.
 */
public final class InfinispanServer implements AutoCloseable {

    private static final String HEALTH_PATH = "/rest/v2/container/health/status";

    private final InfinispanServerOptions options;
    private final Process process;

    private InfinispanServer(InfinispanServerOptions options, Process process) {
        this.options = options;
        this.process = process;
    }

    /**
     * Starts a server and returns once it is healthy; fails with its log otherwise. A server 16.0
     * restarted on its old state while clients keep calling can stop after "Loaded global state"
     * and never start its caches (seen in bench/soak and ClusterOutageTest, about one restart in
     * three under load): its threads are written beside its log, and it is started once more, as a
     * supervisor would.
     */
    public static InfinispanServer start(InfinispanServerOptions options) throws IOException {
        try {
            return startOnce(options);
        } catch (HungStartException hung) {
            System.err.println("Infinispan Server on " + options.bindAddress() + ":" + options.port()
                    + " hung while starting; starting it again (threads in " + hung.threads + ")");
            return startOnce(options);
        }
    }

    private static InfinispanServer startOnce(InfinispanServerOptions options) throws IOException {
        ServerRoot.prepare(options);
        Process process = new ProcessBuilder(command(options))
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(options.logFile().toFile()))
                .start();
        InfinispanServer server = new InfinispanServer(options, process);
        try {
            server.awaitHealthy();
        } catch (HungStartException hung) {
            server.dumpThreads(hung.threads);
            server.close();
            throw hung;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Alive, but not healthy in time. */
    private static final class HungStartException extends IOException {
        final Path threads;

        HungStartException(String message, Path threads) {
            super(message);
            this.threads = threads;
        }
    }

    private void dumpThreads(Path to) {
        try {
            new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(to.toFile())
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no thread dump: the log still says where it stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String hotRodAddress() {
        return options.bindAddress() + ":" + options.port();
    }

    public int port() {
        return options.port();
    }

    public long pid() {
        return process.pid();
    }

    public InfinispanServerOptions options() {
        return options;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process.toHandle());
    }

    /** Stops a server JVM and whatever it started: politely first, then by force. */
    public static void stop(ProcessHandle handle) {
        List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
        tree.add(handle);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private void awaitHealthy() throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create("http://" + hotRodAddress() + HEALTH_PATH);
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startFailure("exited with status " + process.exitValue());
            }
            if (isHealthy(http, health)) {
                return;
            }
            sleep(250);
        }
        IOException failure =
                startFailure("was not HEALTHY after " + options.startTimeout().toSeconds() + " s");
        throw new HungStartException(
                failure.getMessage(),
                options.logFile().resolveSibling("threads-" + System.currentTimeMillis() + ".txt"));
    }

    private static boolean isHealthy(HttpClient http, URI health) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("HEALTHY");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Infinispan Server", e);
        }
    }

    private IOException startFailure(String what) {
        return new IOException("Infinispan Server on " + hotRodAddress() + " " + what + "; last lines of "
                + options.logFile() + ":\n" + tail(options.logFile(), 40));
    }

    static String tail(Path file, int lines) {
        try (InputStream in = Files.newInputStream(file)) {
            List<String> all = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> command(InfinispanServerOptions o) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms64m");
        cmd.add("-Xmx" + o.maxHeapMb() + "m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.add("-Dgeotier.jgroups.bind=" + o.bindAddress());
        cmd.add("-Dgeotier.jgroups.port=" + o.jgroupsPort());
        cmd.add("-Dgeotier.jgroups.initial-hosts=" + o.initialHostsProperty());
        cmd.add("-cp");
        cmd.add(o.jarsDir().toAbsolutePath() + "/*");
        cmd.add("org.infinispan.server.Bootstrap");
        cmd.addAll(List.of(
                "-s", o.root().toAbsolutePath().toString(),
                "-c", ServerRoot.CONFIG,
                "-l", ServerRoot.LOG_CONFIG,
                "-b", o.bindAddress(),
                "-p", Integer.toString(o.port()),
                "-n", o.nodeName(),
                "-g", o.clusterName()));
        return cmd;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
