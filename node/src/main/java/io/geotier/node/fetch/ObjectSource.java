package io.geotier.node.fetch;

import io.geotier.node.Failures;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Decides how a request is answered: a fresh stored copy (HIT); an expired one while a refresh
 * runs behind it or while the origin fails (STALE); a copy the origin just confirmed
 * (REVALIDATED); the fill in flight, read as it is written (MISS); or the origin's own answer
 * relayed (BYPASS when the object does not fit; MISS for a range far ahead of the fill, a suffix
 * range included, and for a HEAD of an object not held, which costs the origin a HEAD, not a body).
 */
@Singleton
public class ObjectSource {

    /** A range starting this far beyond what the fill has written is fetched from the origin on its own. */
    static final long COLD_RANGE_LEAD_BYTES = 2L << 20;

    private final ObjectStore store;
    private final Filler filler;

    public ObjectSource(ObjectStore store, Filler filler) {
        this.store = store;
        this.filler = filler;
    }

    public CompletionStage<Delivery> obtain(ObjectRequest request) {
        Instant now = Instant.now();
        StoredObject cached = store.find(request.key()).orElse(null);
        if (cached != null && cached.isFresh(now)) {
            return done(new Delivery.Stored(cached, CacheStatus.HIT));
        }
        if (request.onlyIfCached()) {
            return cached != null ? done(new Delivery.Stored(cached, CacheStatus.STALE))
                    : CompletableFuture.failedFuture(new NotCachedException(request.key().id()));
        }
        if (cached == null && request.head()) {
            return done(new Delivery.PassThrough(CacheStatus.MISS)); // the origin's headers, not a fill of its body
        }
        if (cached != null && cached.mayServeWhileRevalidating(now)) {
            filler.fill(request.key(), request.rawQuery(), cached).release();
            return done(new Delivery.Stored(cached, CacheStatus.STALE));
        }
        ActiveFill fill = filler.fill(request.key(), request.rawQuery(), cached);
        return fill.head().handle((head, failure) -> {
            if (failure != null) {
                fill.release();
                return onFailure(Failures.cause(failure), cached);
            }
            if (head instanceof FillHead.NotModified notModified) {
                fill.release();
                return new Delivery.Stored(notModified.refreshed(), CacheStatus.REVALIDATED);
            }
            if (request.firstByte(((FillHead.Streaming) head).length()) > fill.written() + COLD_RANGE_LEAD_BYTES) {
                fill.release();
                return new Delivery.PassThrough(CacheStatus.MISS);
            }
            return new Delivery.Streaming(fill, (FillHead.Streaming) head);
        });
    }

    private static Delivery onFailure(Throwable failure, StoredObject cached) {
        if (failure instanceof BypassException) {
            return new Delivery.PassThrough(CacheStatus.BYPASS);
        }
        boolean originFailed = failure instanceof OriginStatusException e && e.status() != 404;
        if (originFailed && cached != null && cached.mayServeOnError(Instant.now())) {
            return new Delivery.Stored(cached, CacheStatus.STALE);
        }
        throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
    }

    private static CompletionStage<Delivery> done(Delivery delivery) {
        return CompletableFuture.completedFuture(delivery);
    }
}
