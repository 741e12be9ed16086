package io.geotier.node.sites;

import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.infinispan.ServerUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real node (the packaged jar) in its own JVM, talking Hot Rod to one site: a region's node. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String region;
    final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private NodeProcess(Process process, Path log, String region, int port) {
        this.process = process;
        this.log = log;
        this.region = region;
        this.port = port;
    }

    /** Starts a node of {@code region} against {@code site} (running or not) and returns once it is ready. */
    static NodeProcess start(
            Path work,
            String region,
            int port,
            double lat,
            double lon,
            InfinispanServerOptions site,
            URI origin,
            Map<String, String> extra)
            throws Exception {
        Path log = work.resolve("node-" + region + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx192m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        Path.of("target/quarkus-app/quarkus-run.jar")
                                .toAbsolutePath()
                                .toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("GEOTIER_REGION", region);
        env.put("GEOTIER_PUBLIC_ADDRESS", "127.0.0.1:" + port);
        env.put("GEOTIER_LATITUDE", Double.toString(lat));
        env.put("GEOTIER_LONGITUDE", Double.toString(lon));
        env.put("GEOTIER_ORIGIN_URL", origin.toString());
        env.put("GEOTIER_STORE_DIR", work.resolve("store-" + region).toString());
        env.put("GEOTIER_STORE_BUDGET", "256M");
        env.put("GEOTIER_ADMIN_TOKEN", MultiSiteIT.TOKEN);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_INFINISPAN_CLIENT_HOSTS", site.bindAddress() + ":" + site.port());
        ServerUser user = site.user(InfinispanServerOptions.NODE_USER);
        env.put("QUARKUS_INFINISPAN_CLIENT_USERNAME", user.name());
        env.put("QUARKUS_INFINISPAN_CLIENT_PASSWORD", user.password());
        env.putAll(extra);
        NodeProcess node = new NodeProcess(builder.start(), log, region, port);
        try {
            node.awaitReady();
        } catch (Exception | AssertionError e) {
            node.close();
            throw e;
        }
        return node;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + MultiSiteIT.TOKEN)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String cacheStatus(String path) throws IOException, InterruptedException {
        return get(path).headers().firstValue("X-Cache").orElse("none");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + region + " exited; log:\n" + log());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + region + " not ready; log:\n" + log());
    }

    /** SIGKILL, as a crash: the node's registry entry is left to expire. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
