package io.geotier.node.cluster;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;
import org.jboss.logging.Logger;

/**
 * The catalog in the cluster-wide Infinispan cache: one record per object key, naming every node
 * that holds it. Several nodes change one record concurrently, so each change is a compare-and-set
 * on the entry's version (Hot Rod's replaceWithVersion), retried a few times; all of it is
 * asynchronous. The local store stays the truth for serving: a cluster that is unreachable
 * delays what other nodes learn, it never fails or blocks a client request.
 */
@Singleton
public class InfinispanCatalog implements ObjectCatalog {

    private static final Logger LOG = Logger.getLogger(InfinispanCatalog.class);
    private static final int ATTEMPTS = 8;

    private final RemoteCache<String, ObjectRecord> objects;
    private final String node;
    private final ObjectStore store;

    public InfinispanCatalog(ClusterCaches caches, NodeIdentity identity, ObjectStore store) {
        this.objects = caches.objects();
        this.node = identity.name();
        this.store = store;
        store.whenDropped(this::recordDropped);
    }

    @Override
    public void recordStored(StoredObject object) {
        long storedAt = object.storedAt().toEpochMilli();
        long expiresAt = object.expiresAt().toEpochMilli();
        change(
                object.key().id(),
                current -> (current != null
                                ? current
                                : new ObjectRecord(object.key().id(), 0, null, 0, 0, List.of()))
                        .storedBy(node, object.size(), object.etag(), storedAt, expiresAt));
    }

    @Override
    public void recordFilling(ObjectKey key) {
        change(
                key.id(),
                current -> (current != null ? current : new ObjectRecord(key.id(), 0, null, 0, 0, List.of()))
                        .heldAlsoBy(node));
    }

    @Override
    public void recordDropped(ObjectKey key) {
        change(key.id(), current -> current == null ? null : current.droppedBy(node));
    }

    /**
     * Back in touch with the cluster (at start, or after a cut that may have cost the server its
     * records): tells it again of every object this node holds.
     */
    void republish(@jakarta.enterprise.event.Observes PurgeHorizon.CaughtUp event) {
        java.util.List<StoredObject> all = store.all();
        all.forEach(this::recordStored);
        LOG.infof("told the cluster of the %d objects this node holds", all.size());
    }

    @Override
    public java.util.Optional<ObjectRecord> find(ObjectKey key, java.time.Duration wait) {
        try {
            return java.util.Optional.ofNullable(
                    objects.getAsync(key.id()).get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty(); // slow or unreachable: the origin answers instead
        }
    }

    /** Applies {@code update} to the key's record (null: none); a record left without holders is removed. */
    private void change(String key, UnaryOperator<ObjectRecord> update) {
        try {
            attempt(key, update, ATTEMPTS).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.warnf("could not publish %s to the cluster: %s", key, failure.getMessage());
                } else if (!done) {
                    LOG.warnf("could not publish %s to the cluster: %d concurrent changes in a row", key, ATTEMPTS);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not publish %s to the cluster: %s", key, e.getMessage());
        }
    }

    private CompletionStage<Boolean> attempt(String key, UnaryOperator<ObjectRecord> update, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(false);
        }
        return objects.getWithMetadataAsync(key).thenCompose(found -> {
            ObjectRecord next = update.apply(found == null ? null : found.getValue());
            return write(key, found, next)
                    .thenCompose(ok -> ok ? CompletableFuture.completedFuture(true) : attempt(key, update, left - 1));
        });
    }

    /** One compare-and-set: true when it applied, false when another node changed the record first. */
    private CompletionStage<Boolean> write(String key, MetadataValue<ObjectRecord> found, ObjectRecord next) {
        boolean empty = next == null || next.holders().isEmpty();
        if (found == null) {
            return empty
                    ? CompletableFuture.completedFuture(true)
                    : objects.putIfAbsentAsync(key, next).thenApply(previous -> previous == null);
        }
        return empty
                ? objects.removeWithVersionAsync(key, found.getVersion())
                : objects.replaceWithVersionAsync(key, next, found.getVersion());
    }
}
