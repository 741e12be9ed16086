package io.geotier.node.fetch;

import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.origin.OriginClient;
import io.geotier.node.origin.OriginResponse;
import io.geotier.node.store.Fill;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoreConfig;
import io.geotier.node.store.StoredObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Brings objects from the origin into the store. Concurrent misses for one key share a single
 * origin fetch: the first starts it, the others wait for the same result.
 */
@ApplicationScoped
public class Filler {

    private static final Logger LOG = Logger.getLogger(Filler.class);
    private static final int BUFFER_BYTES = 256 * 1024;

    private final ObjectStore store;
    private final OriginClient origin;
    private final ObjectCatalog catalog;
    private final StoreConfig config;
    private final ConcurrentHashMap<ObjectKey, CompletableFuture<StoredObject>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(new FillThreads());

    public Filler(ObjectStore store, OriginClient origin, ObjectCatalog catalog, StoreConfig config) {
        this.store = store;
        this.origin = origin;
        this.catalog = catalog;
        this.config = config;
    }

    /** The fill of this key: the one in flight, or a new one. */
    public CompletableFuture<StoredObject> fill(ObjectKey key) {
        CompletableFuture<StoredObject> created = new CompletableFuture<>();
        CompletableFuture<StoredObject> existing = inFlight.putIfAbsent(key, created);
        if (existing != null) {
            return existing;
        }
        workers.execute(() -> {
            try {
                created.complete(fetchAndStore(key));
            } catch (IOException e) {
                created.completeExceptionally(new UncheckedIOException(e));
            } catch (RuntimeException e) {
                created.completeExceptionally(e);
            } finally {
                inFlight.remove(key, created);
            }
        });
        return created;
    }

    public int fillsInFlight() {
        return inFlight.size();
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    private StoredObject fetchAndStore(ObjectKey key) throws IOException {
        Instant requestedAt = Instant.now();
        try (OriginResponse response = origin.get(key)) {
            if (response.status() == 404 || response.status() == 410) {
                throw new OriginStatusException(404, "origin has no object " + key);
            }
            if (response.status() != 200) {
                throw new OriginStatusException(502, "origin answered " + response.status() + " for " + key);
            }
            try (Fill fill = store.begin(key)) {
                copy(response.body(), fill);
                long expected = response.contentLength().orElse(fill.written());
                if (expected != fill.written()) {
                    throw new IOException("origin body for " + key + " ended after " + fill.written()
                            + " of " + expected + " bytes");
                }
                StoredObject stored = store.commit(fill, describe(key, response, requestedAt));
                catalog.recordStored(stored);
                return stored;
            }
        } catch (IOException e) {
            LOG.warnf("fill of %s failed: %s", key, e.getMessage());
            throw new OriginStatusException(502, "origin fetch failed for " + key + ": " + e.getMessage());
        }
    }

    private StoredObject describe(ObjectKey key, OriginResponse response, Instant requestedAt) {
        Instant now = Instant.now();
        Instant lastModified = HttpDates.parse(response.header("Last-Modified"));
        return new StoredObject(key, null, 0, response.header("ETag"), response.header("Content-Type"),
                lastModified, now,
                Freshness.expiresAt(response.header("Cache-Control"), response.header("Expires"),
                        requestedAt, config.defaultTtl()));
    }

    private static void copy(InputStream in, Fill fill) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            fill.write(ByteBuffer.wrap(buffer, 0, n));
        }
    }

    private static final class FillThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "geotier-fill-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
