package io.geotier.node.cluster;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.node.DaemonThreads;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.Purge;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;
import org.jboss.logging.Logger;

/**
 * Purges shared by every node: a purge is applied to this node's store and written to the
 * {@code geotier-purges} cache, kept there for {@code geotier.cluster.purge-retention}; every node
 * listens to that cache and applies what others wrote to its own store, so a hit never asks the
 * cluster anything: the purged copies are simply gone from the local index.
 *
 * <p>The listener is registered with the cache's current state: at start, and again after every
 * reconnection (Hot Rod re-registers it on failover), the node is handed every purge still
 * retained, so purges issued while it was cut off are applied when it comes back. A purge applies
 * only to copies stored at or before it was issued, so replaying one never takes a newer copy.
 */
@Startup
@Singleton
public class PurgeLog implements PurgeHorizon.CatchUp {

    public static final String CACHE = "geotier-purges";
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(PurgeLog.class);

    private final RemoteCache<String, Long> purges;
    private final ObjectStore store;
    private final InstantSource clock;
    private final Duration retention;
    /** Applies purges off the Hot Rod client's event threads: they delete files. */
    private final ExecutorService appliers = Executors.newSingleThreadExecutor(DaemonThreads.named("geotier-purge"));

    private final java.util.concurrent.ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("geotier-purge-retry"));
    private final Listener listener = new Listener();

    @GuardedBy("this")
    private boolean listening;

    private final PendingPurges pending;

    private final PurgeLag lag;

    public PurgeLog(
            ClusterCaches caches,
            ObjectStore store,
            InstantSource clock,
            ClusterConfig config,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.purges = caches.purges();
        this.store = store;
        this.clock = clock;
        this.retention = config.purgeRetention();
        this.pending = new PendingPurges(store.root());
        this.lag = new PurgeLag(registry, clock, retention, pending::view);
        try {
            for (Purge left : pending.load()) {
                LOG.infof("purge %s was not shared before the node stopped; sharing it now", left.id());
                retry(left);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not read the purges left unshared: %s", e.getMessage());
        }
        listen();
    }

    /**
     * Registers the listener if it is not yet (the site was away at start): called again before
     * every catch-up, so purges from other nodes flow as soon as the cluster answers. Once
     * registered, Hot Rod re-registers it on every reconnection.
     */
    private synchronized void listen() {
        if (listening) {
            return;
        }
        try {
            purges.addClientListener(listener);
            listening = true;
        } catch (RuntimeException e) {
            LOG.warnf(
                    "purge listener not registered yet (%s); purges from other nodes arrive once the cluster answers",
                    e.getMessage());
        }
    }

    /** What a purge did here, and whether the cluster has it yet. */
    public record Outcome(int taken, boolean shared) {}

    /**
     * Applies the purge to this node's store, then writes it to the shared log, where every other
     * node's listener picks it up. Waits up to {@code wait} for the cluster to take it; when it does
     * not, the purge is kept on disk and written again every second until it is.
     */
    public Outcome purge(Purge purge, Duration wait) throws IOException {
        int taken = store.apply(purge, clock.instant());
        return new Outcome(taken, share(purge, wait));
    }

    private boolean share(Purge purge, Duration wait) {
        try {
            write(purge).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            LOG.warnf(
                    "purge %s not yet shared with the cluster (%s); retrying every second", purge.id(), e.getMessage());
            try {
                pending.add(purge); // on disk: a crash before it is shared does not lose it
            } catch (IOException io) {
                LOG.warnf("could not keep purge %s on disk: %s", purge.id(), io.getMessage());
            }
            retry(purge);
            return false;
        }
    }

    private CompletionStage<Long> write(Purge purge) {
        try {
            return purges.putAsync(
                    purge.encode(), purge.issuedAt().toEpochMilli(), retention.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Writes the purge again a second from now, and again after every failure. Each attempt gets
     * {@link #ATTEMPT_TIMEOUT}: a write the Hot Rod client never completes would otherwise end the
     * chain, and the purge would never be shared. (A soak run once lost every purge a node issued
     * while its site was down: no attempt after the site's return reached the server.)
     */
    private void retry(Purge purge) {
        retries.schedule(
                () -> write(purge)
                        .toCompletableFuture()
                        .orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                retry(purge);
                            } else {
                                LOG.infof("purge %s shared with the cluster", purge.id());
                                try {
                                    pending.remove(purge);
                                } catch (IOException io) {
                                    LOG.warnf("could not update the purges kept on disk: %s", io.getMessage());
                                }
                            }
                        }),
                1,
                TimeUnit.SECONDS);
    }

    /**
     * Applies a purge from the cluster. A key purge is applied on the event's own thread (an index
     * removal and a file delete, sub-millisecond) so that it takes effect without waiting for a
     * thread to wake; prefix and tag purges scan the index, so they go to the applier thread.
     */
    private void applyShared(String encoded) {
        decodeQuietly(encoded).ifPresent(purge -> {
            if (purge.kind() == Purge.Kind.KEY) {
                applyQuietly(purge);
                lag.arrived(purge);
            } else {
                appliers.execute(() -> {
                    applyQuietly(purge);
                    lag.arrived(purge);
                });
            }
        });
    }

    private static java.util.Optional<Purge> decodeQuietly(String encoded) {
        try {
            return java.util.Optional.of(Purge.decode(encoded));
        } catch (RuntimeException e) {
            LOG.warnf("not a purge in the cluster's log: %s", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private void applyQuietly(Purge purge) {
        try {
            store.apply(purge, clock.instant());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not apply purge %s from the cluster: %s", purge.id(), e.getMessage());
        }
    }

    /**
     * Reads the whole retained log and applies it: what a node does when it is back in touch, since
     * the events of a catch-up may never reach it.
     *
     * @return the number of purges read
     */
    @Override
    public CompletableFuture<Integer> catchUp() {
        return CompletableFuture.supplyAsync(
                () -> {
                    listen();
                    int read = 0;
                    for (String encoded : purges.keySet()) {
                        read++;
                        decodeQuietly(encoded).ifPresent(this::applyQuietly);
                    }
                    return read;
                },
                appliers);
    }

    @PreDestroy
    void stop() {
        try {
            purges.removeClientListener(listener);
        } catch (RuntimeException ignored) {
            // the server is gone; so is the registration
        }
        appliers.shutdownNow();
        retries.shutdownNow();
    }

    /** Hot Rod listener: each created entry is a purge; its key says all of it. */
    @ClientListener(includeCurrentState = true)
    public class Listener {

        @ClientCacheEntryCreated
        public void created(ClientCacheEntryCreatedEvent<String> event) {
            applyShared(event.getKey());
        }

        @ClientCacheFailover
        public void failover(ClientCacheFailoverEvent event) {
            LOG.info("reconnected to the cluster: replaying the purges retained there");
        }
    }
}
