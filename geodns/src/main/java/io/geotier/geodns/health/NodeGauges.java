package io.geotier.geodns.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;

/** Each node's state as gauges: geodns_node_up, geodns_node_drained, geodns_node_available. */
@Startup
@Singleton
public class NodeGauges {

    public NodeGauges(HealthProber prober, MeterRegistry registry) {
        for (NodeState state : prober.states()) {
            gauge(registry, "geodns.node.up", "1 while probes say the node is up", prober, state, s -> s.up() ? 1 : 0);
            gauge(
                    registry,
                    "geodns.node.drained",
                    "1 while an operator has drained the node",
                    prober,
                    state,
                    s -> s.drained() ? 1 : 0);
            gauge(
                    registry,
                    "geodns.node.available",
                    "1 while the node is answered: up and not drained",
                    prober,
                    state,
                    s -> s.available() ? 1 : 0);
        }
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            HealthProber prober,
            NodeState initial,
            ToDoubleFunction<NodeState> value) {
        String node = initial.node().name();
        Gauge.builder(name, prober, p -> p.state(node).map(value::applyAsDouble).orElse(0.0))
                .description(description)
                .tag("node", node)
                .tag("region", initial.node().region())
                .register(registry);
    }
}
