package io.geotier.harness.s3;

import io.geotier.harness.infinispan.InfinispanServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 API server (s3proxy, from Maven Central) in a JVM of its own, keeping buckets in
 * memory. It checks AWS signatures, V2 and V4, header and presigned query alike, against one
 * access key, so a test can hold a node to what S3 itself would accept.
 */
public final class S3Server implements AutoCloseable {

    /** Where the harness build puts the server's jar; found from a property or by walking up from here. */
    public static final String JAR_PROPERTY = "geotier.s3proxy.jar";

    static final Path JAR_IN_BUILD = Path.of("harness", "target", "s3proxy", "s3proxy.jar");

    private final Process process;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path logFile;

    private S3Server(Process process, URI endpoint, String accessKey, String secretKey, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.logFile = logFile;
    }

    /** Starts a server on 127.0.0.1:port with the given access key, its log under {@code workDir}. */
    public static S3Server start(Path workDir, int port, String accessKey, String secretKey) throws IOException {
        Files.createDirectories(workDir);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = workDir.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=transient",
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey,
                        ""));
        Path log = workDir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar().toString(),
                        "--properties",
                        properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3Server server = new S3Server(process, endpoint, accessKey, secretKey, log);
        try {
            server.awaitListening(Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        InfinispanServer.stop(process.toHandle());
    }

    static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY, System.getenv("GEOTIER_S3PROXY_JAR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(JAR_IN_BUILD))) {
                return dir.resolve(JAR_IN_BUILD);
            }
        }
        throw new IllegalStateException("no s3proxy jar at " + JAR_IN_BUILD + ": build the harness module first");
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with status " + process.exitValue() + "; see " + logFile);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for s3proxy", e);
                }
            }
        }
        throw new IOException("s3proxy did not listen on " + endpoint + " within " + timeout + "; see " + logFile);
    }
}
