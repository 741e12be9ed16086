package io.geotier.geodns.server;

import io.geotier.geodns.GeodnsConfig;
import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.Thresholds;
import io.geotier.geodns.reload.Reloader;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Assembles geodns from its configuration at start-up and serves DNS until shutdown. */
@ApplicationScoped
public class DnsService {

    private static final Logger LOG = Logger.getLogger(DnsService.class);

    private final GeodnsConfig config;
    private final QueryMetrics metrics;
    private final MeterRegistry registry;
    private HealthProber prober;
    private Reloader data;
    private UdpServer udp;
    private TcpServer tcp;

    public DnsService(GeodnsConfig config, QueryMetrics metrics, MeterRegistry registry) {
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        try {
            List<Node> nodes = nodes(config.nodes());
            prober = new HealthProber(nodes, config.health().interval(), config.health().timeout(),
                    new Thresholds(config.health().rise(), config.health().fall()));
            metrics.bindNodes(prober);
            data = new Reloader(config, registry);
            Steering steering = new Steering(nodes, prober, config.steering().defaultRegion().orElse(null),
                    config.steering().answers(), config.steering().ttl().toSeconds(),
                    config.steering().fallback().map(SteeringFallback::parse).orElse(null));
            Responder responder = new Responder(data, steering, metrics);
            prober.start();
            data.watch();
            InetSocketAddress address = new InetSocketAddress(config.dns().host(), config.dns().port());
            ResponseRateLimit limit = new ResponseRateLimit(config.rrl().bytesPerSecond(), config.rrl().slip(),
                    config.rrl().exempt().orElse(List.of()).stream().map(Cidr::parse).toList());
            udp = new UdpServer(address, responder, config.dns().udpThreads(), config.dns().udpBatch(), limit,
                    metrics);
            tcp = new TcpServer(address, responder, config.dns().tcpIdleTimeout());
            LOG.infof("geodns serving %s on %s udp+tcp (udp: %d threads, %s): %d nodes, %d coverage zones, geoip %s",
                    config.zone().name(), address, config.dns().udpThreads(),
                    udp.batching() ? "recvmmsg/sendmmsg batches of " + config.dns().udpBatch() : "a datagram per call",
                    nodes.size(), data.get().coverage().size(),
                    config.steering().geoipDatabase().map(Object::toString).orElse("none"));
        } catch (IOException e) {
            throw new UncheckedIOException("geodns cannot start: " + e.getMessage(), e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        closeQuietly(udp);
        closeQuietly(tcp);
        closeQuietly(prober);
        closeQuietly(data);
    }

    /** Both listeners bound and every thread serving them alive. */
    public boolean isServing() {
        return udp != null && tcp != null && udp.serving() && tcp.serving();
    }

    public HealthProber prober() {
        return prober;
    }

    static List<Node> nodes(Map<String, GeodnsConfig.Node> configured) {
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

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debugf("close failed: %s", e.toString());
        }
    }
}
