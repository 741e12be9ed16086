package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Off-heap copies of small, popular objects. For a 4 KiB object, resolving, opening and closing the
 * file costs more than everything else in a hit (JFR; 0.42x nginx's req/s with sendfile alone); a
 * copy is written to the socket straight from native memory in one call, like Varnish's malloc
 * storage. Keyed by the object's data file, which is never rewritten (each version has its own
 * file), so a copy can only ever be the bytes of the version the index points at.
 * Size-weighted W-TinyLFU, like the store.
 *
 * <p>Copies are counted references: the cache holds one, each response another until its bytes
 * are written, and a copy's memory is freed when the last is released. The budget therefore
 * bounds what is held. Copies left to the garbage collector did not stay within it: an evicted
 * copy that had lived long enough to reach the old generation waited for a full collection, and
 * bench/soak saw the node's direct memory grow by 39 MiB over five minutes of a 64 MiB budget.
 */
@Singleton
public class HotBodies {

    /** Memory given to small objects. */
    @ConfigMapping(prefix = "geotier.store.memory")
    public interface Config {
        /** Bytes of small objects kept in memory (0 turns it off). */
        @WithDefault("64M")
        MemorySize budget();

        /** Largest object kept in memory; larger ones are always sent from disk with sendfile. */
        @WithDefault("64K")
        MemorySize maxObject();
    }

    private final Cache<Path, ByteBuf> bodies;
    private final long maxObject;

    public HotBodies(Config config) {
        this.maxObject =
                config.budget().asLongValue() == 0 ? -1 : config.maxObject().asLongValue();
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, config.budget().asLongValue()))
                .weigher((Path file, ByteBuf bytes) -> bytes.capacity() + 64)
                // evictions and their releases run on the caller's thread, when they happen, not
                // later on a pool: a copy's memory goes as soon as it may
                .executor(Runnable::run)
                .removalListener((Path file, ByteBuf bytes, RemovalCause cause) -> {
                    if (bytes != null) {
                        bytes.release();
                    }
                })
                .build();
    }

    /**
     * A reference to the object's bytes in memory, loading them on first use, which the caller
     * must release once they are written; null when the object is too large or its file does not
     * hold exactly the size the index records. Each caller gets its own indices; nobody writes to
     * the bytes (a copy is never changed once loaded).
     */
    public ByteBuf retain(StoredObject object) {
        if (object.size() > maxObject) {
            return null;
        }
        ByteBuf cached = bodies.getIfPresent(object.file());
        if (cached != null) {
            try {
                return cached.retainedDuplicate();
            } catch (IllegalReferenceCountException evicted) {
                // evicted and released between the lookup and the retain: load it anew
            }
        }
        ByteBuf loaded = load(object.file(), object.size());
        if (loaded == null) {
            return null;
        }
        // The caller's reference is taken before the cache may see the copy: the cache may turn
        // a newcomer away (W-TinyLFU admission) and release it at once.
        ByteBuf mine = loaded.retainedDuplicate();
        if (bodies.asMap().putIfAbsent(object.file(), loaded) != null) {
            loaded.release(); // another caller loaded it first; this copy lives as long as ours
        }
        return mine;
    }

    /** Copies held now, for tests: each is released when evicted. */
    long held() {
        bodies.cleanUp();
        return bodies.estimatedSize();
    }

    private static ByteBuf load(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                return null;
            }
            ByteBuf bytes = Unpooled.directBuffer((int) size, (int) size);
            try {
                while (bytes.isWritable()
                        && bytes.writeBytes(channel, bytes.writerIndex(), bytes.writableBytes()) >= 0) {
                    // read until full; a short file was ruled out above
                }
                if (bytes.isWritable()) {
                    bytes.release();
                    return null;
                }
                return bytes;
            } catch (IOException | RuntimeException e) {
                bytes.release();
                throw e;
            }
        } catch (IOException e) {
            return null;
        }
    }
}
