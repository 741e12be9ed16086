package io.geotier.node.cluster;

import io.geotier.node.origin.OriginClient;
import io.geotier.node.origin.OriginResponse;
import io.geotier.node.origin.PeerSource;
import io.geotier.node.store.ObjectKey;
import io.geotier.registry.GreatCircle;
import io.geotier.registry.NodeEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infinispan.client.hotrod.RemoteCache;
import org.jboss.logging.Logger;

/**
 * Peer fill: on a miss, the catalog names the nodes that hold the object and the registry where
 * they are; the closest one is asked with {@code Cache-Control: only-if-cached}, so it answers
 * from its store or not at all (never passing the request on, so peers cannot loop). Anything but
 * a 200 in time, and the origin is asked as before.
 */
@Singleton
public class Peers implements PeerSource {

    static final Duration LOOKUP = Duration.ofMillis(100);
    private static final Logger LOG = Logger.getLogger(Peers.class);

    private final ObjectCatalog catalog;
    private final RemoteCache<String, NodeEntry> nodes;
    private final OriginClient http;
    private final NodeIdentity self;
    private final boolean enabled;
    /** Null: other nodes are asked over HTTP. */
    private final java.net.http.HttpClient tls;

    private final Duration settle;
    private final Counter peerFills;
    private final Counter shieldFills;
    private final java.util.Optional<String> shieldRegion;
    /** Every registered node, read from the registry at most once a second. */
    private volatile List<NodeEntry> registered = List.of();

    private volatile long registeredReadAt;
    private volatile boolean registryAsked;
    private final AtomicBoolean registryReading = new AtomicBoolean();

    public Peers(
            ObjectCatalog catalog,
            ClusterCaches caches,
            OriginClient http,
            NodeIdentity self,
            ClusterConfig config,
            MeterRegistry registry) {
        this.catalog = catalog;
        this.nodes = caches.nodes();
        this.http = http;
        this.self = self;
        this.enabled = config.peerFill();
        this.tls = config.peerTlsName()
                .map(name -> peerClient(name, config.peerTlsTrust()))
                .orElse(null);
        this.settle = config.fillSettle();
        this.peerFills = Counter.builder("geotier.peer.fills")
                .description("Misses filled from another node instead of the origin")
                .register(registry);
        this.shieldRegion = config.shieldRegion().filter(r -> !r.equals(self.region()));
        this.shieldFills = Counter.builder("geotier.shield.fills")
                .description("Misses filled through the shield region's node for the key")
                .register(registry);
    }

    @Override
    public Optional<OriginResponse> fetch(ObjectKey key, String rawQuery) {
        if (!enabled) {
            return Optional.empty();
        }
        return closestHolder(key).flatMap(peer -> askOnlyIfCached(peer, key, rawQuery));
    }

    /**
     * No node but this one is registered, as last read: a node that registered within the last
     * second may be missed, and then two regions fetch from the origin once each.
     */
    private boolean alone() {
        return lastRead().stream().allMatch(n -> n.name().equals(self.name()));
    }

    @Override
    public Optional<String> firstClaimant(ObjectKey key) {
        if (!enabled || settle.isZero() || alone()) {
            return Optional.empty(); // nobody else could be claiming it
        }
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return catalog.find(key, LOOKUP)
                .map(ObjectRecord::holders)
                .filter(holders -> !holders.isEmpty() && !holders.get(0).equals(self.name()))
                .map(holders -> holders.get(0));
    }

    /** The client for HTTPS to other nodes, their certificates checked against the service name. */
    private static java.net.http.HttpClient peerClient(String serviceName, Optional<java.nio.file.Path> trust) {
        try {
            return java.net.http.HttpClient.newBuilder()
                    .sslContext(io.geotier.registry.NodeTls.context(serviceName, trust))
                    .connectTimeout(java.time.Duration.ofSeconds(5))
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build();
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("geotier.cluster.peer-tls-trust: " + e.getMessage(), e);
        }
    }

    /**
     * Sent on every request to another node: a surrogate that understands Surrogate-Key (Edge
     * Architecture Specification 1.0), so the answer carries the object's purge tags.
     */
    private static final String SURROGATE = "Surrogate-Capability";

    private static final String SURROGATE_1_0 = "geotier=\"Surrogate/1.0\"";

    @Override
    public Optional<OriginResponse> fetchFrom(String node, ObjectKey key, String rawQuery) {
        NodeEntry peer = entry(node);
        return peer == null || peer.addresses().isEmpty() ? Optional.empty() : askOnlyIfCached(peer, key, rawQuery);
    }

    /** The peer's copy or fill in flight; it never passes the request on, so peers cannot loop. */
    private Optional<OriginResponse> askOnlyIfCached(NodeEntry peer, ObjectKey key, String rawQuery) {
        return ask(peer, key, rawQuery, Map.of("Cache-Control", "only-if-cached", SURROGATE, SURROGATE_1_0), peerFills);
    }

    /** A 200 from {@code node} for the key, counted in {@code filled}; empty on anything else. Never throws. */
    private Optional<OriginResponse> ask(
            NodeEntry node, ObjectKey key, String rawQuery, Map<String, String> headers, Counter filled) {
        String base = tls != null ? node.httpsOrigin().orElse(null) : null;
        URI url = URI.create((base != null ? base : "http://" + node.addresses().get(0)) + "/" + key.path()
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        try {
            OriginResponse answer =
                    base != null ? http.fetchFromPeer(tls, url, key, headers) : http.fetchFromPeer(url, key, headers);
            if (answer.status() == 200) {
                filled.increment();
                return Optional.of(answer);
            }
            answer.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("node %s could not fill %s: %s", node.name(), key, e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public Optional<OriginResponse> viaShield(ObjectKey key, String rawQuery) {
        if (shieldRegion.isEmpty()) {
            return Optional.empty();
        }
        Optional<NodeEntry> shield = ShieldChoice.forKey(key.id(), shieldNodes());
        if (shield.isEmpty()) {
            LOG.debugf("no node of shield region %s answers: %s goes to the origin", shieldRegion.get(), key);
            return Optional.empty();
        }
        return ask(
                shield.get(),
                key,
                rawQuery,
                Map.of("Via", "1.1 " + self.name(), SURROGATE, SURROGATE_1_0),
                shieldFills);
    }

    private List<NodeEntry> shieldNodes() {
        return registered().stream()
                .filter(n -> shieldRegion.get().equals(n.region())
                        && "active".equals(n.adminState())
                        && !n.addresses().isEmpty())
                .toList();
    }

    /** The registry as read within the last second; reads it (waiting) when older. */
    private List<NodeEntry> registered() {
        if (System.nanoTime() - registeredReadAt > 1_000_000_000L) {
            registryAsked = true;
            readRegistry();
        }
        return registered;
    }

    /**
     * The registry as last read, refreshed in the background when older than a second. Only the
     * first read waits: a registry read is several Hot Rod round trips, which held every miss's
     * first byte back (issue 14: about 10 of a 25 ms miss).
     */
    private List<NodeEntry> lastRead() {
        if (!registryAsked) {
            registryAsked = true; // once: a registry that is away must not hold every miss up
            readRegistry();
        } else if (System.nanoTime() - registeredReadAt > 1_000_000_000L
                && registryReading.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    readRegistry();
                } finally {
                    registryReading.set(false);
                }
            });
        }
        return registered;
    }

    private void readRegistry() {
        registeredReadAt = System.nanoTime();
        try {
            registered = List.copyOf(nodes.values());
        } catch (RuntimeException e) {
            LOG.debugf("registry not read (keeping the nodes known): %s", e.getMessage());
        }
    }

    private Optional<NodeEntry> closestHolder(ObjectKey key) {
        Optional<ObjectRecord> record = catalog.find(key, LOOKUP);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        return record.get().holders().stream()
                .filter(name -> !name.equals(self.name()))
                .map(this::entry)
                .filter(Objects::nonNull)
                .filter(n -> !n.addresses().isEmpty() && "active".equals(n.adminState()))
                .min(Comparator.comparingDouble(
                        n -> GreatCircle.km(self.latitude(), self.longitude(), n.latitude(), n.longitude())));
    }

    private NodeEntry entry(String name) {
        try {
            return nodes.getAsync(name).get(LOOKUP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
