package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Answers "give me this object": from the store while fresh, else through a fill. */
@ApplicationScoped
public class ObjectSource {

    private final ObjectStore store;
    private final Filler filler;

    public ObjectSource(ObjectStore store, Filler filler) {
        this.store = store;
        this.filler = filler;
    }

    /**
     * @param onlyIfCached answer from the store or fail with {@link NotCachedException}, never
     *                     touching the origin (RFC 9111 only-if-cached)
     */
    public CompletionStage<Delivery> obtain(ObjectKey key, boolean onlyIfCached) {
        Optional<StoredObject> cached = store.find(key).filter(o -> o.isFresh(Instant.now()));
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(new Delivery(cached.get(), CacheStatus.HIT));
        }
        if (onlyIfCached) {
            return CompletableFuture.failedFuture(new NotCachedException(key.path()));
        }
        return filler.fill(key).thenApply(stored -> new Delivery(stored, CacheStatus.MISS));
    }
}
