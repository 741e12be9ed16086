package io.geotier.node.edge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Binds the connection gate's counts to the node's metrics, and says so loudly when there is no gate. Injecting
 * {@link ConnectionLimits} here also registers the mapping, which the transport reads from config.
 */
@ApplicationScoped
public class EdgeMetrics {

    private static final Logger LOG = Logger.getLogger(EdgeMetrics.class);

    void bind(@Observes StartupEvent start, Vertx vertx, MeterRegistry registry, ConnectionLimits limits) {
        if (!(((VertxInternal) vertx).transport() instanceof GatedTransport gated)) {
            LOG.error("no connection gate: Vert.x did not load GatedTransport (is quarkus.vertx.prefer-native-transport"
                    + " false?); the header timeout and the per-network connection cap are off");
            return;
        }
        GateStats stats = gated.stats();
        Gauge.builder("geotier.connections.open", stats, s -> s.open())
                .description("HTTP and HTTPS client connections open now")
                .register(registry);
        FunctionCounter.builder("geotier.connections.closed", stats, GateStats::headerTimeouts)
                .tag("reason", "header-timeout")
                .description("Connections closed for not sending a whole request header in time")
                .register(registry);
        FunctionCounter.builder("geotier.connections.refused", stats, GateStats::refusedOverCap)
                .tag("reason", "network-cap")
                .description("Connections closed on accept: their client network was at its cap")
                .register(registry);
        LOG.infof(
                "connection gate on %s transport: header timeout %s, %d connections per network",
                gated.platform().getClass().getSimpleName(), limits.headerTimeout(), limits.perNetwork());
    }
}
