package io.geotier.node.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geotier.node.DaemonThreads;
import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.origin.Origin;
import io.geotier.node.origin.OriginResponse;
import io.geotier.node.origin.OriginTimeoutException;
import io.geotier.node.origin.PeerSource;
import io.geotier.node.store.Fill;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Brings objects from the origin into the store, one fetch per key at a time: the first request
 * for a key starts a fill, later ones join it and read its bytes as they land. A fill runs to its
 * end whatever its readers do; one whose origin body breaks off is discarded, never stored.
 */
@Singleton
public class Filler {

    private static final Logger LOG = Logger.getLogger(Filler.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Duration PASS_FOR = Duration.ofMinutes(10);

    private final ObjectStore store;
    private final Origin origin;
    private final ObjectCatalog catalog;
    private final ExpiryPolicy expiry;
    private final InstantSource clock;
    private final SharedExpiry sharedExpiry;
    private final PeerSource peers;
    private final Counter coalesced;
    private final ConcurrentHashMap<ObjectKey, ActiveFill> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    /**
     * Keys the node passes to the origin for a while instead of filling (Varnish's hit-for-pass):
     * bodies the origin forbids storing, and bodies of unknown length that outgrew the budget.
     * Their requests stream from the origin (BYPASS) rather than write a file nobody may keep.
     */
    private final Cache<ObjectKey, Boolean> passes =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(PASS_FOR).build();

    @Inject
    public Filler(
            ObjectStore store,
            Origin origin,
            PeerSource peers,
            ObjectCatalog catalog,
            ExpiryPolicy expiry,
            LimitsConfig limits,
            MeterRegistry registry,
            InstantSource clock) {
        this(store, origin, peers, catalog, expiry, limits.maxFills(), registry, clock);
    }

    public Filler(
            ObjectStore store,
            Origin origin,
            PeerSource peers,
            ObjectCatalog catalog,
            ExpiryPolicy expiry,
            int maxFills,
            MeterRegistry registry,
            InstantSource clock) {
        this.peers = peers;
        this.store = store;
        this.origin = origin;
        this.catalog = catalog;
        this.expiry = expiry;
        this.clock = clock;
        this.sharedExpiry = new SharedExpiry(catalog, store, registry, clock);
        this.workers = new ThreadPoolExecutor(
                0, maxFills, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.named("geotier-fill"));
        this.coalesced = Counter.builder("geotier.fill.coalesced")
                .description("Requests that joined a fill already in flight")
                .register(registry);
        Gauge.builder("geotier.fills.in.flight", inFlight, Map::size)
                .description("Origin fetches in progress")
                .register(registry);
    }

    /**
     * A lease on the fill of this key, the one in flight or a new one; the caller owns the lease.
     *
     * @param rawQuery the client's query, forwarded to the origin
     * @param current  the stored copy to revalidate, or null
     */
    public FillLease fill(ObjectKey key, String rawQuery, StoredObject current) {
        if (passes.getIfPresent(key) != null) {
            return failed(key, new BypassException(key + " is passed to the origin (not storable, or too big)"));
        }
        while (true) {
            ActiveFill created = new ActiveFill(key); // holds the fill's own reference, given back when it ends
            ActiveFill existing = inFlight.putIfAbsent(key, created);
            if (existing == null) {
                created.acquire();
                FillLease lease = new FillLease(created);
                try {
                    workers.execute(() -> run(created, rawQuery, current));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(key, created);
                    created.fail(new OverloadedException("the node is filling " + workers.getMaximumPoolSize()
                            + " objects already; try again shortly"));
                    created.release(); // the fill's own reference: it never ran
                }
                return lease;
            }
            if (existing.acquire()) {
                coalesced.increment();
                return new FillLease(existing);
            }
            inFlight.remove(key, existing); // it ended between lookup and join: start anew
        }
    }

    /**
     * A lease on the key's fill in flight from the origin, if there is one: what a peer asking
     * only-if-cached is given (it never starts a fill, and never joins one fed by a peer).
     */
    public Optional<FillLease> joinOriginFill(ObjectKey key) {
        ActiveFill existing = inFlight.get(key);
        if (existing != null && existing.fromOrigin() && existing.acquire()) {
            coalesced.increment();
            return Optional.of(new FillLease(existing));
        }
        return Optional.empty();
    }

    /** A fill that never started, already failed; the lease holds its only reference. */
    private static FillLease failed(ObjectKey key, RuntimeException failure) {
        ActiveFill fill = new ActiveFill(key);
        fill.fail(failure);
        return new FillLease(fill);
    }

    public int fillsInFlight() {
        return inFlight.size();
    }

    @PreDestroy
    public void stop() {
        workers.shutdownNow();
    }

    private void run(ActiveFill fill, String rawQuery, StoredObject current) {
        ObjectKey key = fill.key();
        Instant requestedAt = clock.instant();
        try {
            if (current != null) {
                Optional<StoredObject> extended = sharedExpiry.extend(current);
                if (extended.isPresent()) {
                    inFlight.remove(key, fill);
                    fill.notModified(extended.get());
                    catalog.recordStored(extended.get());
                    return;
                }
                OriginResponse response = origin.get(key, rawQuery, validators(current));
                if (response.status() != 304) {
                    receiveOrFail(fill, response, requestedAt);
                    return;
                }
                try (response) {
                    if (refreshed(fill, current, response, requestedAt)) {
                        return;
                    }
                }
                // Evicted while the 304 was in flight: its bytes are gone, so fetch them anew.
                requestedAt = clock.instant();
            }
            Optional<OriginResponse> fromPeer =
                    current == null ? unlessPurged(key, peers.fetch(key, rawQuery), requestedAt) : Optional.empty();
            if (fromPeer.isEmpty() && current == null) {
                fromPeer = unlessPurged(key, peers.viaShield(key, rawQuery), requestedAt);
            }
            if (fromPeer.isPresent()) {
                receiveOrFail(fill, fromPeer.get(), peerCopyTime(fromPeer.get(), requestedAt));
            } else {
                // Named a holder before the origin answers: a peer that misses meanwhile streams from this fill.
                fill.markFromOrigin();
                catalog.recordFilling(key);
                Optional<OriginResponse> fromFirst = fromFirstClaimant(fill, rawQuery);
                if (fromFirst.isPresent()) {
                    receiveOrFail(fill, fromFirst.get(), peerCopyTime(fromFirst.get(), requestedAt));
                } else {
                    receiveOrFail(fill, origin.get(key, rawQuery, Map.of()), requestedAt);
                }
            }
        } catch (OriginTimeoutException e) {
            end(fill, new OriginStatusException(504, e.getMessage()));
        } catch (IOException e) {
            end(fill, new OriginStatusException(502, "origin fetch failed for " + key + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            end(fill, e);
        } finally {
            fill.release();
        }
    }

    /**
     * Regions that missed at the same moment all claimed the fill; once the claims have met, the
     * first claimant fetches from the origin and the others stream from it. While deferring, this
     * fill stops offering itself to peers (before asking, so two nodes that disagree on who came
     * first can never wait on each other: one of them finds the other's fill withdrawn).
     */
    private Optional<OriginResponse> fromFirstClaimant(ActiveFill fill, String rawQuery) {
        Optional<String> first = peers.firstClaimant(fill.key());
        if (first.isEmpty()) {
            return Optional.empty();
        }
        fill.withdrawFromPeers();
        Optional<OriginResponse> answer = peers.fetchFrom(first.get(), fill.key(), rawQuery);
        if (answer.isEmpty()) {
            fill.markFromOrigin(); // the first claimant could not serve: this node fetches after all
        }
        return answer;
    }

    /**
     * A peer's copy from before a purge this node has applied is not taken: that peer has not had
     * the purge yet (its site is away, or the event is on its way), and its bytes are what the
     * purge removed. The origin is asked instead.
     */
    private Optional<OriginResponse> unlessPurged(ObjectKey key, Optional<OriginResponse> answer, Instant requestedAt)
            throws IOException {
        if (answer.isEmpty() || answer.get().status() != 200) {
            return answer;
        }
        OriginResponse response = answer.get();
        if (!store.purgedSince(key, tagsOf(response), peerCopyTime(response, requestedAt))) {
            return answer;
        }
        response.close();
        LOG.debugf("a peer's copy of %s predates a purge applied here; asking the origin", key);
        return Optional.empty();
    }

    /**
     * When a peer's bytes were fetched, as near as can be told: its Age says how long it has held
     * them (whole seconds, so one more is taken). A purge issued after that keeps the copy out at
     * commit, though this node applied it before it asked and the peer had not yet.
     */
    private static Instant peerCopyTime(OriginResponse response, Instant requestedAt) {
        long age = 0;
        String header = response.header("Age");
        if (header != null) {
            try {
                age = Math.max(0, Long.parseLong(header.trim()));
            } catch (NumberFormatException e) {
                age = 0; // unreadable: the copy counts as just fetched, less one second
            }
        }
        return requestedAt.minusSeconds(Math.min(age, 365L * 86_400) + 1);
    }

    /**
     * A 200 body goes into the fill; any other answer ends it with the error it deserves. Takes
     * the response: closes it, or hands it to the {@link BypassException} it throws, so that the
     * request that meets the bypass relays this very answer instead of asking the origin again.
     */
    private void receiveOrFail(ActiveFill fill, OriginResponse response, Instant requestedAt) throws IOException {
        ObjectKey key = fill.key();
        try {
            if (response.status() == 404 || response.status() == 410) {
                store.remove(key);
                throw new OriginStatusException(404, "origin has no object " + key);
            }
            if (response.status() == 403) {
                throw new OriginStatusException(403, "origin refused " + key);
            }
            if (response.status() != 200) {
                throw new OriginStatusException(502, "origin answered " + response.status() + " for " + key);
            }
            receive(fill, response, requestedAt);
        } catch (BypassException handedOver) {
            throw handedOver;
        } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
        }
        response.close();
    }

    /** Applies a 304 to the stored copy; false when that copy was evicted meanwhile and nothing was refreshed. */
    private boolean refreshed(ActiveFill fill, StoredObject current, OriginResponse response, Instant requestedAt)
            throws IOException {
        ObjectKey key = fill.key();
        ExpiryPolicy.Validity v = expiry.evaluate(
                key, response.header("Cache-Control"), response.header("Expires"), response.header("Age"), requestedAt);
        // Current as of when the revalidation was asked: a purge issued after that, arriving late, leaves it be.
        Optional<StoredObject> refreshed = store.refresh(
                current.refreshed(requestedAt, v.expiresAt(), v.staleWhileRevalidate(), v.staleIfError()));
        if (refreshed.isEmpty()) {
            return false;
        }
        inFlight.remove(key, fill);
        fill.notModified(refreshed.get());
        catalog.recordStored(refreshed.get());
        return true;
    }

    /** Streams a 200 body into a fill, then stores it if it may be stored and arrived whole. */
    private void receive(ActiveFill fill, OriginResponse response, Instant requestedAt) throws IOException {
        ObjectKey key = fill.key();
        ExpiryPolicy.Validity validity = expiry.evaluate(
                key, response.header("Cache-Control"), response.header("Expires"), response.header("Age"), requestedAt);
        if (!validity.storable()) {
            // Nothing to keep, so nothing to write: this request and the next ones for a while
            // stream from the origin. The response in hand is dropped; one extra origin request
            // the first time is what keeps private bodies off the disk.
            passes.put(key, Boolean.TRUE);
            store.remove(key); // a copy kept from before the origin said so must not be served again
            throw new BypassException(key + " may not be stored (Cache-Control)", response);
        }
        long length = response.contentLength().orElse(-1);
        Room room = Room.forBody(store, length);
        if (room == null) {
            throw new BypassException(key + " (" + length + " bytes) does not fit the store's budget", response);
        }
        try (Fill out = store.begin(key, requestedAt)) {
            fill.started(new FillHead.Streaming(
                    length,
                    response.header("ETag"),
                    response.header("Content-Type"),
                    HttpDates.parse(response.header("Last-Modified")),
                    validity.expiresAt(),
                    out.tmpFile(),
                    tagsOf(response)));
            if (!copy(response.body(), out, fill, room)) {
                passes.put(key, Boolean.TRUE);
                throw new IOException("body of unknown length outgrew the store's budget after " + out.written()
                        + " bytes; later requests stream it from the origin");
            }
            if (length >= 0 && length != out.written()) {
                throw new IOException("origin body ended after " + out.written() + " of " + length + " bytes");
            }
            StoredObject described = new StoredObject(
                            key,
                            null,
                            0,
                            response.header("ETag"),
                            response.header("Content-Type"),
                            HttpDates.parse(response.header("Last-Modified")),
                            requestedAt, // not the commit's instant: see StoredObject#storedAt
                            validity.expiresAt(),
                            validity.staleWhileRevalidate(),
                            validity.staleIfError())
                    .withTags(tagsOf(response));
            StoredObject stored = store.commit(out, described, room.handOver());
            inFlight.remove(key, fill);
            fill.finish(stored);
            if (store.find(key)
                    .filter(kept -> kept.file().equals(stored.file()))
                    .isPresent()) {
                catalog.recordStored(stored); // not when a purge issued meanwhile took it at commit
            }
        } finally {
            room.release();
        }
    }

    private void end(ActiveFill fill, RuntimeException failure) {
        if (!(failure instanceof BypassException)
                && !(failure instanceof OriginStatusException o && o.status() == 404)) {
            LOG.warnf("fill of %s failed: %s", fill.key(), failure.getMessage());
        }
        inFlight.remove(fill.key(), fill);
        if (fill.fromOrigin() && store.find(fill.key()).isEmpty()) {
            catalog.recordDropped(fill.key()); // named as filling, and nothing came of it
        }
        fill.fail(failure); // readers waiting on the fill learn of it here, and one may take a handed-over response
        if (failure instanceof BypassException bypass) {
            // Not before every reader has let go: one that joined but has not looked yet still takes it.
            fill.whenReleased(bypass::closeUntaken);
        }
    }

    /** Purge tags the origin gave the object (Fastly's and Cloudflare's header names). */
    private static java.util.Set<String> tagsOf(OriginResponse response) {
        java.util.Set<String> tags = new java.util.HashSet<>(StoredObject.parseTags(response.header("Surrogate-Key")));
        tags.addAll(StoredObject.parseTags(response.header("Cache-Tag")));
        return tags;
    }

    private static Map<String, String> validators(StoredObject current) {
        Map<String, String> headers = new HashMap<>();
        if (current != null && current.etag() != null) {
            headers.put("If-None-Match", current.etag());
        }
        if (current != null && current.lastModified() != null) {
            headers.put("If-Modified-Since", HttpDates.format(current.lastModified()));
        }
        return headers;
    }

    /** Copies the body into the fill; false when the budget ran out before its end (nothing more written). */
    private static boolean copy(InputStream in, Fill out, ActiveFill fill, Room room) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (!room.cover(out.written() + n)) {
                return false;
            }
            out.write(ByteBuffer.wrap(buffer, 0, n));
            fill.advance(out.written());
        }
        return true;
    }
}
