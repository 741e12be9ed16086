package io.geotier.geodns.server;

import io.geotier.geodns.GeodnsConfig;
import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.reload.Reloader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The DNS transports: binds UDP and TCP for the responder at start-up and serves until shutdown.
 * What it serves is built in {@link io.geotier.geodns.GeodnsWiring}; this class starts the parts
 * that run on their own (the prober, the file watcher) and owns only its listeners.
 */
@ApplicationScoped
public class DnsService {

    private static final Logger LOG = Logger.getLogger(DnsService.class);

    private final GeodnsConfig config;
    private final QueryMetrics metrics;
    private final Responder responder;
    private final HealthProber prober;
    private final Reloader data;
    private final StartGate gate;
    private UdpServer udp;
    private TcpServer tcp;

    public DnsService(
            GeodnsConfig config,
            QueryMetrics metrics,
            Responder responder,
            HealthProber prober,
            Reloader data,
            StartGate gate) {
        this.config = config;
        this.metrics = metrics;
        this.responder = responder;
        this.prober = prober;
        this.data = data;
        this.gate = gate;
    }

    void start(@Observes StartupEvent event) {
        try {
            prober.start();
            data.watch();
            if (!gate.await()) {
                LOG.warnf(
                        "serving DNS after %s without a full view (registry not read, or a node not probed yet)",
                        gate.longest());
            }
            InetSocketAddress address =
                    new InetSocketAddress(config.dns().host(), config.dns().port());
            ResponseRateLimit limit = new ResponseRateLimit(
                    config.rrl().bytesPerSecond(),
                    config.rrl().networkBytesPerSecond(),
                    config.rrl().slip(),
                    config.rrl().exempt().orElse(List.of()).stream()
                            .map(Cidr::parse)
                            .toList());
            udp = new UdpServer(
                    address, responder, config.dns().udpThreads(), config.dns().udpBatch(), limit, metrics);
            tcp = new TcpServer(address, responder, config.dns().tcpIdleTimeout());
            LOG.infof(
                    "geodns serving %s on %s udp+tcp (udp: %d threads, %s): %d nodes, %d coverage zones, geoip %s",
                    config.zone().name(),
                    address,
                    config.dns().udpThreads(),
                    udp.batching()
                            ? "recvmmsg/sendmmsg batches of " + config.dns().udpBatch()
                            : "a datagram per call",
                    prober.states().size(),
                    data.get().coverage().size(),
                    config.steering().geoipDatabase().map(Object::toString).orElse("none"));
        } catch (IOException e) {
            throw new UncheckedIOException("geodns cannot start: " + e.getMessage(), e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        closeQuietly(udp);
        closeQuietly(tcp);
    }

    /** Both listeners bound and every thread serving them alive. */
    public boolean isServing() {
        return udp != null && tcp != null && udp.serving() && tcp.serving();
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
