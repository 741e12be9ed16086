package io.geotier.geodns.server;

import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.NodeHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * geodns_queries_total{transport,qtype,rcode,region,ecs} and geodns_node_healthy{node,region}.
 */
@ApplicationScoped
public class QueryMetrics implements QueryListener {

    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(Transport transport, int qtype, int rcode, String region, boolean ecs) {
        Counter.builder("geodns.queries")
                .description("DNS queries answered")
                .tag("transport", transport.name().toLowerCase())
                .tag("qtype", qtype < 0 ? "none" : Type.string(qtype))
                .tag("rcode", Rcode.string(rcode))
                .tag("region", region == null ? "none" : region)
                .tag("ecs", Boolean.toString(ecs))
                .register(registry)
                .increment();
    }

    void bindNodes(HealthProber prober) {
        for (NodeHealth health : prober.states()) {
            Gauge.builder("geodns.node.healthy", prober, p -> p.isHealthy(health.node()) ? 1 : 0)
                    .description("1 while the node's last health probe succeeded")
                    .tag("node", health.node().name())
                    .tag("region", health.node().region())
                    .register(registry);
        }
    }
}
