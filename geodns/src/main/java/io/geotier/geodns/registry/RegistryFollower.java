package io.geotier.geodns.registry;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.geodns.health.DrainStore;
import io.geotier.registry.NodeEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryExpired;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryRemoved;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryExpiredEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryModifiedEvent;
import org.infinispan.client.hotrod.event.ClientCacheEntryRemovedEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;
import org.jboss.logging.Logger;

/**
 * Follows the cluster's node registry as it changes: a Hot Rod listener on each registry cache
 * (with the current state replayed on registration) tells of every node that joins, renews,
 * leaves or expires, and of every drain. Each change hands the whole view on. A full read every
 * {@code resync}, and after a failover of the client, repairs what a listener can miss (a
 * restarted site replays nothing of its catch-up). When the cluster cannot be read the last view
 * stays: geodns keeps answering from what it last knew, across a restart too when the view is
 * kept in a {@link LastView} file.
 */
public final class RegistryFollower implements DrainStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistryFollower.class);

    /** What the registry holds: entries by node name, and the names drained. */
    public record View(Map<String, NodeEntry> entries, Set<String> drained) {
        public View {
            entries = Map.copyOf(entries);
            drained = Set.copyOf(drained);
        }
    }

    private final RemoteCache<String, NodeEntry> nodes;
    private final RemoteCache<String, String> drains;
    private final Duration resync;
    private final Consumer<View> onChange;
    private final Optional<LastView> lastView;
    private volatile boolean listening;
    private volatile boolean read;
    private final Known known = new Known();
    private final Object nodesListener = new NodesListener();
    private final Object drainsListener = new DrainsListener();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "geodns-registry");
        t.setDaemon(true);
        return t;
    });

    public RegistryFollower(
            RemoteCache<String, NodeEntry> nodes,
            RemoteCache<String, String> drains,
            Duration resync,
            Optional<LastView> lastView,
            Consumer<View> onChange) {
        this.nodes = nodes;
        this.drains = drains;
        this.resync = resync;
        this.lastView = lastView;
        this.onChange = onChange;
    }

    /**
     * Hands on the saved view, if any, then registers the listeners (retried until the cluster
     * answers) and reads the whole registry once they are on.
     */
    public void start() {
        lastView.flatMap(LastView::load).ifPresent(saved -> {
            LOG.infof(
                    "starting from the saved registry view (%d nodes) until the site answers",
                    saved.entries().size());
            onChange.accept(known.replace(saved.entries(), saved.drained()));
        });
        timer.execute(this::listen);
        timer.scheduleWithFixedDelay(this::readAll, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the whole registry has been read since start (not only a saved view). */
    public boolean hasRead() {
        return read;
    }

    @Override
    public CompletableFuture<Void> record(String name, boolean drain) {
        CompletableFuture<?> write =
                drain ? drains.putAsync(name, "drained at " + Instant.now()) : drains.removeAsync(name);
        return write.thenRun(() -> onChange.accept(known.drain(name, drain)));
    }

    private void listen() {
        if (listening) {
            return;
        }
        try {
            nodes.addClientListener(nodesListener);
            drains.addClientListener(drainsListener);
            listening = true;
            LOG.info("following the node registry");
            readAll();
        } catch (RuntimeException e) {
            LOG.warnf("cannot follow the node registry yet (answering from what is known): %s", e.getMessage());
            try {
                nodes.removeClientListener(nodesListener);
            } catch (RuntimeException ignored) {
                // not registered
            }
            timer.schedule(this::listen, 2, TimeUnit.SECONDS);
        }
    }

    /** Reads the whole registry and replaces the view with it; on failure the view stays. */
    private void readAll() {
        if (!listening) {
            return;
        }
        try {
            Map<String, NodeEntry> all = new HashMap<>(nodes.getAll(nodes.keySet()));
            Set<String> allDrained = new HashSet<>(drains.keySet());
            View view = known.replace(all, allDrained);
            onChange.accept(view);
            read = true;
            lastView.ifPresent(file -> file.save(view));
        } catch (RuntimeException e) {
            LOG.debugf("registry not read (keeping the last view): %s", e.getMessage());
        }
    }

    /** What is known of the registry, changed under its own lock; each change gives the new view. */
    private static final class Known {
        @GuardedBy("this")
        private final Map<String, NodeEntry> entries = new HashMap<>();

        @GuardedBy("this")
        private final Set<String> drained = new HashSet<>();

        synchronized View put(String name, NodeEntry entry) {
            if (entry == null) {
                entries.remove(name);
            } else {
                entries.put(name, entry);
            }
            return new View(entries, drained);
        }

        synchronized View drain(String name, boolean drain) {
            if (drain) {
                drained.add(name);
            } else {
                drained.remove(name);
            }
            return new View(entries, drained);
        }

        synchronized View replace(Map<String, NodeEntry> all, Set<String> allDrained) {
            entries.clear();
            entries.putAll(all);
            drained.clear();
            drained.addAll(allDrained);
            return new View(entries, drained);
        }
    }

    private void nodeChanged(String name) {
        nodes.getAsync(name).whenComplete((entry, failure) -> {
            if (failure == null) {
                onChange.accept(known.put(name, entry));
            }
        });
    }

    /** Node entries: events carry keys, so each changed entry is read back. */
    @ClientListener(includeCurrentState = true)
    public final class NodesListener {

        @ClientCacheEntryCreated
        public void created(ClientCacheEntryCreatedEvent<String> e) {
            nodeChanged(e.getKey());
        }

        @ClientCacheEntryModified
        public void modified(ClientCacheEntryModifiedEvent<String> e) {
            nodeChanged(e.getKey());
        }

        @ClientCacheEntryRemoved
        public void removed(ClientCacheEntryRemovedEvent<String> e) {
            onChange.accept(known.put(e.getKey(), null));
        }

        @ClientCacheEntryExpired
        public void expired(ClientCacheEntryExpiredEvent<String> e) {
            onChange.accept(known.put(e.getKey(), null));
        }

        @ClientCacheFailover
        public void failover(ClientCacheFailoverEvent e) {
            timer.execute(RegistryFollower.this::readAll);
        }
    }

    /** Drains: the key is the node's name, its presence the drain. */
    @ClientListener(includeCurrentState = true)
    public final class DrainsListener {

        @ClientCacheEntryCreated
        public void created(ClientCacheEntryCreatedEvent<String> e) {
            onChange.accept(known.drain(e.getKey(), true));
        }

        @ClientCacheEntryRemoved
        public void removed(ClientCacheEntryRemovedEvent<String> e) {
            onChange.accept(known.drain(e.getKey(), false));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            nodes.removeClientListener(nodesListener);
            drains.removeClientListener(drainsListener);
        } catch (RuntimeException e) {
            // the cluster is gone already
        }
    }
}
