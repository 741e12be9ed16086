package io.geotier.geodns.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Each node's state as gauges: geodns_node_up, geodns_node_drained, geodns_node_available, one
 * series per node geodns knows now. Nodes come and go with the registry, so the series are
 * rebuilt whenever the prober's set of nodes changes (a node that left stops being reported);
 * each value is read from the prober at scrape time.
 */
@Startup
@Singleton
public class NodeGauges {

    private final HealthProber prober;
    private final MultiGauge up;
    private final MultiGauge drained;
    private final MultiGauge available;

    public NodeGauges(HealthProber prober, MeterRegistry registry) {
        this.prober = prober;
        this.up = MultiGauge.builder("geodns.node.up")
                .description("1 while probes say the node is up")
                .register(registry);
        this.drained = MultiGauge.builder("geodns.node.drained")
                .description("1 while an operator has drained the node")
                .register(registry);
        this.available = MultiGauge.builder("geodns.node.available")
                .description("1 while the node is answered: up and not drained")
                .register(registry);
        prober.onNodeSetChange(this::rebuild);
        rebuild();
    }

    private synchronized void rebuild() {
        up.register(rows(s -> s.up() ? 1 : 0), true);
        drained.register(rows(s -> s.drained() ? 1 : 0), true);
        available.register(rows(s -> s.available() ? 1 : 0), true);
    }

    private List<MultiGauge.Row<?>> rows(ToDoubleFunction<NodeState> value) {
        return prober.states().stream()
                .map(s -> {
                    String node = s.node().name();
                    return MultiGauge.Row.of(
                            Tags.of("node", node, "region", s.node().region()),
                            prober,
                            p -> p.state(node).map(value::applyAsDouble).orElse(0.0));
                })
                .collect(java.util.stream.Collectors.toList());
    }
}
