package io.geotier.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's prometheus, started on a free port with a configuration file; stopped by close. */
final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final URI api;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PrometheusServer(Path dir, Path config, int port) throws Exception {
        this.api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
        this.process = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(
                        Files.createDirectories(dir).resolve("prometheus.log").toFile())
                .start();
    }

    /** The instant vector a query returns, each element as Prometheus's JSON gives it; empty when none. */
    List<?> query(String promql) throws Exception {
        Map<String, Object> answer = get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.get("status"))) {
            throw new IllegalArgumentException(promql + ": " + answer.get("error"));
        }
        return (List<?>) ((Map<?, ?>) answer.get("data")).get("result");
    }

    /** The first value of an instant query, or null when it has none (or Prometheus is not up yet). */
    String value(String promql) throws Exception {
        List<?> vector;
        try {
            vector = query(promql);
        } catch (java.io.IOException e) {
            return null;
        }
        return vector.isEmpty() ? null : String.valueOf(((List<?>) ((Map<?, ?>) vector.get(0)).get("value")).get(1));
    }

    /** Whether every rule evaluated without error (and there are rules). */
    boolean rulesHealthy() throws Exception {
        List<?> groups = (List<?>) ((Map<?, ?>) get("rules").get("data")).get("groups");
        int rules = 0;
        for (Object group : groups) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                if (!"ok".equals(((Map<?, ?>) rule).get("health"))) {
                    return false;
                }
                rules++;
            }
        }
        return rules > 0;
    }

    String rules() throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve("rules")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(api.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.std.mapFrom(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
