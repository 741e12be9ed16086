package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In-memory copies of small, popular objects. For a 4 KiB object, opening and sending the file
 * costs more than everything else in a hit; a copy in memory is written in one go. Keyed by the
 * object's data file, which is never rewritten (each version has its own file), so a copy can only
 * ever be the bytes of the version the index points at. Size-weighted W-TinyLFU, like the store.
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

    private final Cache<Path, byte[]> bodies;
    private final long maxObject;

    public HotBodies(Config config) {
        this.maxObject = config.budget().asLongValue() == 0 ? -1 : config.maxObject().asLongValue();
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, config.budget().asLongValue()))
                .weigher((Path file, byte[] bytes) -> bytes.length + 64)
                .build();
    }

    /** The object's bytes from memory, loading them on first use; null when it is not small. */
    public byte[] get(StoredObject object) {
        if (object.size() > maxObject) {
            return null;
        }
        return bodies.get(object.file(), file -> {
            try {
                byte[] bytes = Files.readAllBytes(file);
                return bytes.length == object.size() ? bytes : null;
            } catch (IOException e) {
                return null;
            }
        });
    }
}
