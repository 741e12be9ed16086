package io.geotier.geodns;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.Thresholds;
import io.geotier.geodns.reload.Reloader;
import io.geotier.geodns.server.QueryMetrics;
import io.geotier.geodns.server.Responder;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where geodns is put together: the configured nodes, the prober that watches them, the files it
 * serves from, the steering and the responder, each built once from configuration. The transports
 * ({@code server}) and the admin API ({@code health}) are handed what they use; none of them
 * builds or reaches for another's parts.
 */
public class GeodnsWiring {

    @Produces
    @Singleton
    List<Node> nodes(GeodnsConfig config) {
        return nodes(config.nodes());
    }

    @Produces
    @Singleton
    HealthProber prober(GeodnsConfig config, List<Node> nodes) {
        return new HealthProber(nodes, config.health().interval(), config.health().timeout(),
                new Thresholds(config.health().rise(), config.health().fall()));
    }

    void closeProber(@Disposes HealthProber prober) {
        prober.close();
    }

    @Produces
    @Singleton
    Reloader served(GeodnsConfig config, MeterRegistry registry) {
        try {
            return new Reloader(config, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("geodns cannot load what it serves: " + e.getMessage(), e);
        }
    }

    void closeServed(@Disposes Reloader served) throws IOException {
        served.close();
    }

    @Produces
    @Singleton
    Steering steering(GeodnsConfig config, List<Node> nodes, HealthProber prober) {
        return new Steering(nodes, prober, config.steering().defaultRegion().orElse(null),
                config.steering().answers(), config.steering().ttl().toSeconds(),
                config.steering().fallback().map(SteeringFallback::parse).orElse(null));
    }

    @Produces
    @Singleton
    Responder responder(Reloader served, Steering steering, QueryMetrics metrics) {
        return new Responder(served, steering, metrics);
    }

    /** The nodes of {@code geodns.nodes.<name>.*}, by name. */
    public static List<Node> nodes(Map<String, GeodnsConfig.Node> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("no nodes configured (geodns.nodes.<name>.*)");
        }
        List<Node> nodes = new ArrayList<>();
        configured.forEach((name, n) -> {
            Cidr host = Cidr.parse(n.address());
            URI health = n.healthUrl().orElse(URI.create("http://" + hostForUrl(n.address()) + ":8080/q/health/ready"));
            nodes.add(new Node(name, n.region(), host.network(), n.latitude(), n.longitude(), health, n.weight()));
        });
        nodes.sort((a, b) -> a.name().compareTo(b.name()));
        return nodes;
    }

    private static String hostForUrl(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
