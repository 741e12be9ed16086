package io.geotier.geodns.health;

import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.NodeStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Probes every node's readiness URL and keeps its {@link NodeState}. Each node has its own
 * schedule, so a slow node never delays another: the next probe follows the last by the
 * interval, except that a failure of a node still up is re-checked after a quarter of it. That
 * takes a dead node out in about 1.25 intervals with a fall threshold of 2, where a fixed
 * schedule needs 2, while a recovering node still has to pass every probe of its rise threshold
 * at the full interval (fast out, slow back in: no flapping).
 */
public final class HealthProber implements NodeStatus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HealthProber.class);

    private final Map<String, NodeState> states = new ConcurrentHashMap<>();
    /** Bumped after every change a steering decision could see; see {@link NodeState#decidesLike}. */
    private final AtomicLong version = new AtomicLong();

    /** Told after the set of nodes changed (a node joined, left or moved). */
    private final List<Runnable> nodeSetListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean started;
    private final Duration interval;
    private final Duration timeout;
    private final Thresholds thresholds;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "geodns-health");
        t.setDaemon(true);
        return t;
    });

    public HealthProber(List<Node> nodes, Duration interval, Duration timeout, Thresholds thresholds) {
        this(nodes, interval, timeout, thresholds, null);
    }

    /** @param tls the TLS of HTTPS probes (see {@link io.geotier.registry.NodeTls}); null for the JDK's default */
    public HealthProber(
            List<Node> nodes,
            Duration interval,
            Duration timeout,
            Thresholds thresholds,
            javax.net.ssl.SSLContext tls) {
        this.interval = interval;
        this.timeout = timeout;
        this.thresholds = thresholds;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
        nodes.forEach(n -> states.put(n.name(), NodeState.unprobed(n)));
    }

    public void start() {
        started = true;
        states.values().forEach(s -> timer.execute(() -> probe(s.node())));
    }

    /**
     * Watches exactly these nodes from now on: a node new to the prober (or whose address changed)
     * starts unprobed and is probed at once; a node no longer listed is forgotten. Drained states
     * carry over for nodes that stay.
     */
    public synchronized void track(Collection<Node> wanted) {
        Map<String, Node> byName = new java.util.HashMap<>();
        wanted.forEach(n -> byName.put(n.name(), n));
        boolean changed = states.keySet().removeIf(name -> !byName.containsKey(name));
        for (Node node : byName.values()) {
            NodeState known = states.get(node.name());
            if (known == null || !known.node().equals(node)) {
                states.put(node.name(), NodeState.unprobed(node).withDrained(known != null && known.drained()));
                changed = true;
                if (started) {
                    timer.execute(() -> probe(node));
                }
            }
        }
        if (changed) {
            version.incrementAndGet();
            nodeSetListeners.forEach(Runnable::run);
        }
    }

    /** Calls {@code listener} after every change of the set of nodes watched. */
    public void onNodeSetChange(Runnable listener) {
        nodeSetListeners.add(listener);
    }

    @Override
    public boolean available(Node node) {
        NodeState state = states.get(node.name());
        return state != null && state.available();
    }

    @Override
    public long secondsUntilPossibleChange(Node node) {
        NodeState state = states.get(node.name());
        if (state == null || state.drained()) {
            return 0; // draining is an operator's act, not something probes are about to do
        }
        int probes = state.probesToChange(thresholds);
        if (probes == 0) {
            return 0;
        }
        long millis = probes * nextDelay(state).toMillis() + (state.up() ? timeout.toMillis() : 0);
        return Math.max(1, (millis + 999) / 1000);
    }

    @Override
    public long version() {
        return version.get();
    }

    public Collection<NodeState> states() {
        return states.values().stream()
                .sorted(Comparator.comparing(s -> s.node().name()))
                .toList();
    }

    public Optional<NodeState> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    /** Takes a node out of (or back into) the answers, whatever its health; empty for an unknown node. */
    public Optional<NodeState> drain(String name, boolean drain) {
        NodeState changed = states.computeIfPresent(name, (k, s) -> s.withDrained(drain));
        if (changed != null) {
            version.incrementAndGet();
            LOG.infof("node %s %s", name, drain ? "drained" : "undrained");
        }
        return Optional.ofNullable(changed);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void probe(Node node) {
        if (!tracked(node)) {
            return; // left the registry, or replaced by a newer entry with its own schedule
        }
        HttpRequest request =
                HttpRequest.newBuilder(node.healthUrl()).timeout(timeout).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() == 200;
            String detail = failure != null ? describe(failure) : "HTTP " + response.statusCode();
            NodeState before = states.get(node.name());
            if (before == null || !before.node().equals(node)) {
                return;
            }
            NodeState after =
                    states.computeIfPresent(node.name(), (k, s) -> s.observe(ok, Instant.now(), detail, thresholds));
            if (after == null) {
                return;
            }
            if (!after.decidesLike(before)) {
                version.incrementAndGet();
            }
            if (before.up() != after.up() || !before.probed()) {
                LOG.infof("node %s is %s (%s)", node.name(), after.up() ? "up" : "down", detail);
            }
            schedule(node, nextDelay(after));
        });
    }

    private boolean tracked(Node node) {
        NodeState state = states.get(node.name());
        return state != null && state.node().equals(node);
    }

    /**
     * A node that is up but just failed is confirmed quickly, and a node never yet up (joining) is
     * watched closely so it is answered soon after it becomes ready; everything else waits the
     * interval.
     */
    private Duration nextDelay(NodeState state) {
        return (state.up() && state.streak() > 0) || !state.everUp() ? interval.dividedBy(4) : interval;
    }

    private void schedule(Node node, Duration delay) {
        if (!timer.isShutdown()) {
            try {
                timer.schedule(() -> probe(node), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
