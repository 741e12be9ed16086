package io.geotier.node.cluster;

import io.geotier.node.DaemonThreads;
import io.geotier.registry.NodeEntry;
import io.geotier.registry.RegistryCaches;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinispan.client.hotrod.RemoteCache;
import org.jboss.logging.Logger;

/**
 * This node's entry in the cluster's node registry, renewed by heartbeat: every
 * {@code geotier.registry.heartbeat} the node writes its entry (with its load since the last one)
 * with a lifespan of {@code geotier.registry.lifespan}, so Infinispan drops the entry of a node
 * that stopped. A node that shuts down cleanly removes its entry at once. Its admin state is read
 * from the registry's drains at each heartbeat (an operator drains a node through any geodns). A
 * heartbeat that cannot reach the cluster is skipped, and the next one tries again.
 */
@Startup
@Singleton
public class NodeRegistry {

    public static final String CACHE = RegistryCaches.NODES;
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);

    private final RemoteCache<String, NodeEntry> nodes;
    private final RemoteCache<String, String> drains;
    private final NodeIdentity identity;
    private final RegistryConfig config;
    private final LongSupplier sentBytes;
    private final InstantSource clock;
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("geotier-heartbeat"));
    private final int httpsPort;
    private long lastSentBytes;
    private long lastBeatMillis;

    public NodeRegistry(
            ClusterCaches caches, NodeIdentity identity, RegistryConfig config, NodeLoad load, InstantSource clock) {
        this.nodes = caches.nodes();
        this.drains = caches.drains();
        this.identity = identity;
        this.config = config;
        this.httpsPort = config.httpsPort().orElseGet(NodeRegistry::servedHttpsPort);
        this.sentBytes = load::sentBytes;
        this.clock = clock;
        this.lastBeatMillis = clock.millis();
        this.lastSentBytes = sentBytes.getAsLong();
        long every = config.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The HTTPS port Quarkus serves on when the node has a certificate; 0 when it serves none. */
    private static int servedHttpsPort() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("geotier.tls.cert", String.class).isEmpty()
                ? 0
                : config.getOptionalValue("quarkus.http.ssl-port", Integer.class)
                        .orElse(8443);
    }

    /** Every node of every region the registry holds now, by region then name. */
    public List<NodeEntry> all() {
        List<NodeEntry> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.comparing(NodeEntry::region).thenComparing(NodeEntry::name));
        return all;
    }

    /** The entry this node writes now; {@code drained} when an operator drained it (kept in the registry). */
    NodeEntry entry(boolean drained) {
        long now = clock.millis();
        long sent = sentBytes.getAsLong();
        long egressBps = (sent - lastSentBytes) * 8_000 / Math.max(1, now - lastBeatMillis);
        lastSentBytes = sent;
        lastBeatMillis = now;
        List<String> addresses = new ArrayList<>(List.of(identity.publicAddress()));
        config.publicAddressV6().ifPresent(addresses::add);
        return new NodeEntry(
                identity.name(),
                identity.region(),
                addresses,
                identity.latitude(),
                identity.longitude(),
                config.capacityBps(),
                egressBps,
                -1,
                drained ? "drained" : "active",
                now,
                httpsPort);
    }

    private void beat() {
        try {
            drains.containsKeyAsync(identity.name())
                    .thenCompose(drained -> {
                        NodeEntry entry = entry(drained);
                        return nodes.putAsync(
                                entry.name(), entry, config.lifespan().toMillis(), TimeUnit.MILLISECONDS);
                    })
                    .whenComplete((previous, failure) -> {
                        if (failure != null) {
                            LOG.debugf("heartbeat not written: %s", failure.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat not written: %s", e.getMessage());
        }
    }

    @PreDestroy
    void leave() {
        heartbeats.shutdownNow();
        try {
            nodes.removeAsync(identity.name()).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("could not leave the registry (its entry expires on its own): %s", e.getMessage());
        }
    }
}
