package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Off-heap copies of small, popular objects. For a 4 KiB object, resolving, opening and closing the
 * file costs more than everything else in a hit (JFR; 0.42x nginx's req/s with sendfile alone); a
 * copy is written to the socket straight from native memory in one call, like Varnish's malloc
 * storage. Keyed by the object's data file, which is never rewritten (each version has its own
 * file), so a copy can only ever be the bytes of the version the index points at. Copies are
 * read-only and freed by the garbage collector once evicted and no response holds them.
 * Size-weighted W-TinyLFU, like the store.
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

    private final Cache<Path, ByteBuffer> bodies;
    private final long maxObject;

    public HotBodies(Config config) {
        this.maxObject =
                config.budget().asLongValue() == 0 ? -1 : config.maxObject().asLongValue();
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, config.budget().asLongValue()))
                .weigher((Path file, ByteBuffer bytes) -> bytes.capacity() + 64)
                .build();
    }

    /**
     * A view of the object's bytes in memory, loading them on first use; null when the object is
     * too large or its file does not hold exactly the size the index records.
     */
    public ByteBuffer get(StoredObject object) {
        if (object.size() > maxObject) {
            return null;
        }
        ByteBuffer bytes = bodies.get(object.file(), file -> load(file, object.size()));
        return bytes == null ? null : bytes.duplicate();
    }

    private static ByteBuffer load(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                return null;
            }
            ByteBuffer bytes = ByteBuffer.allocateDirect((int) size);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read until full; a short file was ruled out above
            }
            return bytes.hasRemaining() ? null : bytes.flip().asReadOnlyBuffer();
        } catch (IOException e) {
            return null;
        }
    }
}
