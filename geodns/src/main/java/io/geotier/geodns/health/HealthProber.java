package io.geotier.geodns.health;

import io.geotier.geodns.steer.Node;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Probes every node's readiness URL on a fixed interval; a node is healthy while its last probe
 * answered 200 within the timeout. Probes are asynchronous so one slow node never delays another.
 */
public final class HealthProber implements AutoCloseable {

    private final Map<String, NodeHealth> states = new ConcurrentHashMap<>();
    private final List<Node> nodes;
    private final Duration interval;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "geodns-health");
        t.setDaemon(true);
        return t;
    });

    public HealthProber(List<Node> nodes, Duration interval, Duration timeout) {
        this.nodes = List.copyOf(nodes);
        this.interval = interval;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        nodes.forEach(n -> states.put(n.name(), NodeHealth.unprobed(n)));
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isHealthy(Node node) {
        NodeHealth health = states.get(node.name());
        return health != null && health.healthy();
    }

    public Collection<NodeHealth> states() {
        return states.values().stream()
                .sorted((a, b) -> a.node().name().compareTo(b.node().name()))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private void probeAll() {
        for (Node node : nodes) {
            HttpRequest request = HttpRequest.newBuilder(node.healthUrl()).timeout(timeout).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                boolean up = failure == null && response.statusCode() == 200;
                String detail = failure != null ? describe(failure) : "HTTP " + response.statusCode();
                states.put(node.name(), new NodeHealth(node, up, Instant.now(), detail));
            });
        }
    }
}
