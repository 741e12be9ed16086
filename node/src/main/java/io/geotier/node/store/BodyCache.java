package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Object bodies held in memory for hits, keyed by data file. A data file is never rewritten (each
 * version has its own), so a body can only ever be the bytes of the version the index points at.
 * Size-weighted W-TinyLFU, like the store.
 *
 * <p>Bodies are counted references: the cache holds one, each response another until its bytes
 * are written, and a body's memory is freed when the last is released. The bound therefore bounds
 * what is held. Bodies left to the garbage collector did not stay within it: an evicted copy that
 * had lived long enough to reach the old generation waited for a full collection, and bench/soak
 * saw the node's direct memory grow by 39 MiB over five minutes of a 64 MiB budget.
 */
final class BodyCache {

    private final Cache<Path, ByteBuf> bodies;

    /** {@code weigher} gives each body's weight against {@code maximumWeight}. */
    BodyCache(long maximumWeight, Function<ByteBuf, Integer> weigher) {
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maximumWeight))
                .weigher((Path file, ByteBuf bytes) -> weigher.apply(bytes))
                // evictions and their releases run on the caller's thread, when they happen, not
                // later on a pool: a body's memory goes as soon as it may
                .executor(Runnable::run)
                .removalListener((Path file, ByteBuf bytes, RemovalCause cause) -> {
                    if (bytes != null) {
                        bytes.release();
                    }
                })
                .build();
    }

    /**
     * A reference to the file's body, loading it on first use, which the caller must release once
     * it is written; null when {@code load} gives null. Each caller gets its own indices; nobody
     * writes to the bytes.
     */
    ByteBuf retain(Path file, Function<Path, ByteBuf> load) {
        ByteBuf cached = bodies.getIfPresent(file);
        if (cached != null) {
            try {
                return cached.retainedDuplicate();
            } catch (IllegalReferenceCountException evicted) {
                // evicted and released between the lookup and the retain: load it anew
            }
        }
        ByteBuf loaded = load.apply(file);
        if (loaded == null) {
            return null;
        }
        // The caller's reference is taken before the cache may see the body: the cache may turn a
        // newcomer away (W-TinyLFU admission) and release it at once.
        ByteBuf mine = loaded.retainedDuplicate();
        if (bodies.asMap().putIfAbsent(file, loaded) != null) {
            loaded.release(); // another caller loaded it first; this one lives as long as ours
        }
        return mine;
    }

    /** Drops the file's body; responses writing it keep it until they are done. */
    void forget(Path file) {
        bodies.invalidate(file);
    }

    /** Bodies held now: each is released when evicted. */
    long held() {
        bodies.cleanUp();
        return bodies.estimatedSize();
    }
}
