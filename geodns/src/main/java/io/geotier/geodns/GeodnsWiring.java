package io.geotier.geodns;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.health.DrainStore;
import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.NodeState;
import io.geotier.geodns.health.Thresholds;
import io.geotier.geodns.registry.LastView;
import io.geotier.geodns.registry.NodeDirectory;
import io.geotier.geodns.registry.RegistryFollower;
import io.geotier.geodns.reload.Reloader;
import io.geotier.geodns.server.QueryMetrics;
import io.geotier.geodns.server.Responder;
import io.geotier.geodns.server.StartGate;
import io.geotier.geodns.steer.LoadShedding;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.geotier.registry.NodeEntry;
import io.geotier.registry.RegistryCaches;
import io.geotier.registry.SiteCaches;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

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
        if (config.nodes().isEmpty() && config.registry().enabled()) {
            return List.of(); // every node comes from the registry
        }
        return nodes(config.nodes());
    }

    @Produces
    @Singleton
    HealthProber prober(GeodnsConfig config, List<Node> nodes) {
        return new HealthProber(
                nodes,
                config.health().interval(),
                config.health().timeout(),
                new Thresholds(config.health().rise(), config.health().fall()),
                probeTls(config));
    }

    /** The TLS of HTTPS probes, when nodes are probed over HTTPS; the JDK's default otherwise. */
    private static javax.net.ssl.SSLContext probeTls(GeodnsConfig config) {
        if (config.registry().tlsName().isEmpty()) {
            return null;
        }
        try {
            return io.geotier.registry.NodeTls.context(
                    config.registry().tlsName().get(), config.registry().tlsTrust());
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("geodns.registry.tls-trust: " + e.getMessage(), e);
        }
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
    Steering steering(GeodnsConfig config, List<Node> nodes, HealthProber prober, LoadShedding shedding) {
        return new Steering(
                nodes,
                prober,
                config.steering().defaultRegion().orElse(null),
                config.steering().answers(),
                config.steering().ttl().toSeconds(),
                config.steering().fallback().map(SteeringFallback::parse).orElse(null),
                shedding);
    }

    /** Fed with the regions' load by the registry; sheds nothing without one. */
    @Produces
    @Singleton
    LoadShedding shedding(GeodnsConfig config) {
        return new LoadShedding(config.steering().shedStart(), config.steering().shedStop());
    }

    @Produces
    @Singleton
    Responder responder(Reloader served, Steering steering, QueryMetrics metrics) {
        return new Responder(served, steering, metrics);
    }

    /**
     * The registry follower, when geodns follows the cluster's registry: it feeds the prober and
     * steering through a {@link NodeDirectory}, and keeps drains. Started with the application.
     */
    @Produces
    @Singleton
    @Typed(RegistryFollower.class)
    RegistryFollower follower(
            GeodnsConfig config,
            Instance<RemoteCacheManager> infinispan,
            List<Node> nodes,
            HealthProber prober,
            Steering steering,
            LoadShedding shedding) {
        RemoteCacheManager cluster = infinispan.get();
        NodeDirectory directory = new NodeDirectory(
                nodes,
                prober,
                steering,
                shedding,
                config.registry().healthPath(),
                config.registry().tlsName().isPresent());
        SiteCaches site =
                new SiteCaches(cluster, Duration.ofSeconds(3), List.of(RegistryCaches.NODES, RegistryCaches.DRAINS));
        RemoteCache<String, NodeEntry> entries = site.cache(RegistryCaches.NODES);
        RemoteCache<String, String> drains = site.cache(RegistryCaches.DRAINS);
        RegistryFollower follower = new RegistryFollower(
                entries,
                drains,
                config.registry().resync(),
                config.registry().lastView().map(LastView::new),
                directory::apply);
        follower.start();
        return follower;
    }

    void closeFollower(@Disposes RegistryFollower follower) {
        follower.close();
    }

    /** DNS waits at start for the registry's first read (when followed) and a probe of every node. */
    @Produces
    @Singleton
    StartGate startGate(GeodnsConfig config, HealthProber prober, Instance<RegistryFollower> follower) {
        RegistryFollower registry = config.registry().enabled() ? follower.get() : null;
        return new StartGate(
                () -> (registry == null || registry.hasRead())
                        && prober.states().stream().allMatch(NodeState::probed),
                config.dns().startupWait());
    }

    /** Drains are kept in the registry when geodns follows one, else in this process alone. */
    @Produces
    @Singleton
    DrainStore drains(GeodnsConfig config, Instance<RegistryFollower> follower) {
        return config.registry().enabled() ? follower.get() : DrainStore.LOCAL;
    }

    void followRegistry(@Observes StartupEvent event, GeodnsConfig config, Instance<RegistryFollower> follower) {
        if (config.registry().enabled()) {
            follower.get();
        }
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
            List<InetAddress> addresses = new ArrayList<>(List.of(host.network()));
            n.address6().ifPresent(v6 -> addresses.add(Cidr.parse(v6).network()));
            nodes.add(new Node(name, n.region(), addresses, n.latitude(), n.longitude(), health, n.weight()));
        });
        nodes.sort((a, b) -> a.name().compareTo(b.name()));
        return nodes;
    }

    private static String hostForUrl(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
