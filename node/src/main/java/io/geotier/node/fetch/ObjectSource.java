package io.geotier.node.fetch;

import io.geotier.node.Failures;
import io.geotier.node.origin.AccessCheck;
import io.geotier.node.origin.Origin;
import io.geotier.node.store.CopyTrust;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Decides how a request is answered: a fresh stored copy (HIT); an expired one while a refresh
 * runs behind it or while the origin fails (STALE); a copy the origin just confirmed
 * (REVALIDATED); the fill in flight, read as it is written (MISS); a 302 to the origin while the
 * fill runs behind it, for keys under a redirect prefix (REDIRECT); or the origin's own answer
 * relayed (BYPASS when the object may not or cannot be stored; MISS for a range far ahead of the
 * fill, a suffix range included, and for a HEAD of an object not held, which costs the origin a
 * HEAD, not a body). Before any of that, the origin's access rules are applied (an S3 signature).
 */
@Singleton
public class ObjectSource {

    /** A range starting this far beyond what the fill has written is fetched from the origin on its own. */
    static final long COLD_RANGE_LEAD_BYTES = 2L << 20;

    private final ObjectStore store;
    private final Filler filler;
    private final Origin origin;
    private final Predicate<String> redirected;
    private final AccessCheck access;
    private final CopyTrust trust;
    private final InstantSource clock;

    @Inject
    public ObjectSource(
            ObjectStore store,
            Filler filler,
            Origin origin,
            RedirectConfig redirects,
            AccessCheck access,
            CopyTrust trust,
            InstantSource clock) {
        this(store, filler, origin, redirects::redirects, access, trust, clock);
    }

    ObjectSource(
            ObjectStore store,
            Filler filler,
            Origin origin,
            Predicate<String> redirected,
            AccessCheck access,
            CopyTrust trust,
            InstantSource clock) {
        this.trust = trust;
        this.store = store;
        this.filler = filler;
        this.origin = origin;
        this.redirected = redirected;
        this.access = access;
        this.clock = clock;
    }

    public CompletionStage<Delivery> obtain(ObjectRequest request) {
        if (access == AccessCheck.OPEN) {
            return decide(request); // an HTTP origin: nothing to check, nothing to allocate
        }
        CompletableFuture<Void> admitted =
                access.admit(request.key(), request.rawQuery()).toCompletableFuture();
        if (admitted.isDone() && !admitted.isCompletedExceptionally()) {
            return decide(request); // the common case: a verdict already known
        }
        return admitted.thenCompose(v -> decide(request));
    }

    private CompletionStage<Delivery> decide(ObjectRequest request) {
        Instant now = clock.instant();
        StoredObject cached = store.find(request.key()).orElse(null);
        // An uploaded object is trusted whatever the purge horizon: no origin could vouch for it, and
        // asking one would answer 404 and delete the only copy. A purge of it that this node missed
        // while cut off is the bounded risk max-disconnected already names for every copy.
        boolean trusted = cached == null || cached.uploaded() || trust.trusted(now);
        if (cached != null && trusted && cached.isFresh(now)) {
            return done(new Delivery.Stored(cached, CacheStatus.HIT));
        }
        if (request.onlyIfCached()) {
            if (cached != null) {
                return done(new Delivery.Stored(cached, CacheStatus.STALE));
            }
            // A peer's miss: what this node is fetching from the origin right now streams to it as well.
            Optional<FillLease> joined = filler.joinOriginFill(request.key());
            return joined.isPresent()
                    ? deliver(request, joined.get(), null, trusted)
                    : CompletableFuture.failedFuture(
                            new NotCachedException(request.key().id()));
        }
        if (cached != null && trusted && cached.mayServeWhileRevalidating(now)) {
            filler.fill(request.key(), request.rawQuery(), cached).close();
            return done(new Delivery.Stored(cached, CacheStatus.STALE));
        }
        if (cached == null && request.head()) {
            return done(new Delivery.PassThrough(CacheStatus.MISS)); // the origin's headers, not a fill of its body
        }
        if (redirected.test(request.key().path())) {
            filler.fill(request.key(), request.rawQuery(), cached).close(); // runs on without us
            return done(new Delivery.Redirect(origin.urlOf(request.key(), request.rawQuery())));
        }
        return deliver(request, filler.fill(request.key(), request.rawQuery(), cached), cached, trusted);
    }

    /** What a fill gives this request: its stream, the refreshed copy, or the failure's answer. Takes the lease. */
    private CompletionStage<Delivery> deliver(
            ObjectRequest request, FillLease lease, StoredObject cached, boolean trusted) {
        return lease.fill().head().handle((head, failure) -> {
            if (head instanceof FillHead.Streaming streaming
                    && request.firstByte(streaming.length()) <= lease.fill().written() + COLD_RANGE_LEAD_BYTES) {
                return new Delivery.Streaming(lease, streaming); // the lease goes with the delivery
            }
            try {
                if (failure != null) {
                    return onFailure(Failures.cause(failure), trusted ? cached : null);
                }
                if (head instanceof FillHead.NotModified notModified) {
                    return new Delivery.Stored(notModified.refreshed(), CacheStatus.REVALIDATED);
                }
                return new Delivery.PassThrough(CacheStatus.MISS); // a range far ahead of the fill
            } finally {
                lease.close(); // after a handed-over origin answer was taken: the last lease closes any left
            }
        });
    }

    private Delivery onFailure(Throwable failure, StoredObject cached) {
        if (failure instanceof BypassException bypass) {
            return new Delivery.PassThrough(CacheStatus.BYPASS, bypass.take().orElse(null));
        }
        boolean originFailed = failure instanceof OriginStatusException e && e.status() >= 500;
        if (originFailed && cached != null && cached.mayServeOnError(clock.instant())) {
            return new Delivery.Stored(cached, CacheStatus.STALE);
        }
        throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
    }

    private static CompletionStage<Delivery> done(Delivery delivery) {
        return CompletableFuture.completedFuture(delivery);
    }
}
