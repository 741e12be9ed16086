package io.geotier.node.cluster;

import io.geotier.node.DaemonThreads;
import io.geotier.node.Failures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;

/**
 * Whether the Infinispan Server answers, learnt by a Hot Rod read every second in the background
 * so that readiness probes (geodns sends one per node per second) never wait on the network.
 * The extension's own check only reports whether the client was started, not whether the server
 * answers, so it is turned off in favour of this one.
 */
@ApplicationScoped
public class ClusterReachability {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String PING_KEY = "__geotier_ping__";

    private final RemoteCache<String, ObjectRecord> objects;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("geotier-cluster-ping"));
    private volatile String problem = "not checked yet";
    private final PurgeHorizon horizon;
    private final InstantSource clock;

    public ClusterReachability(
            ClusterCaches caches, MeterRegistry registry, PurgeHorizon horizon, InstantSource clock) {
        this.objects = caches.objects();
        this.horizon = horizon;
        this.clock = clock;
        Gauge.builder("geotier.cluster.connected", this, c -> c.problem == null ? 1 : 0)
                .description("1 while the Infinispan Server answered the last ping, else 0")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::ping, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Null while the server answered the last ping, else what went wrong. */
    public String problem() {
        return problem;
    }

    private void ping() {
        try {
            objects.getAsync(PING_KEY)
                    .orTimeout(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((value, failure) -> {
                        problem = failure == null ? null : Failures.describe(failure);
                        horizon.reachable(failure == null, clock.instant());
                    });
        } catch (RuntimeException e) {
            problem = Failures.describe(e);
            horizon.reachable(false, clock.instant());
        }
    }
}
