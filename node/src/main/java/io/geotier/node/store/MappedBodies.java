package io.geotier.node.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Objects too large for a copy in memory, mapped into the node's address space and written to the
 * socket from the mapping, the way Varnish sends from its memory-mapped storage. The kernel copies
 * from mapped page-cache pages into large socket buffer fragments, where sendfile hands it the
 * file's 4 KiB pages one by one; the client then reads fewer, larger pieces (bench/http/anatomy
 * 100m: 17.1 GB in 8 s, wrk 0.64 s of CPU per GB, against 14.8 GB and 0.90 s by sendfile,
 * docs/benchmarks.md). A mapping is kept while it is popular: mapping a file anew for each request
 * faults its pages in each time and costs more than sendfile.
 *
 * <p>A mapping costs address space and page-table entries, not memory: its pages are the page
 * cache's, which the kernel may reclaim as for any file. The bound is a count, well under the
 * kernel's limit on mappings (vm.max_map_count, 65 530 by default). Files are never truncated or
 * rewritten (each version has its own), and deleting one keeps its pages until the last mapping
 * goes, so a response never reads past what it was promised. Because a mapping also keeps a
 * deleted file's disk space, the store tells this cache of every file it deletes, and a mapping is
 * unmapped once dropped and the last response holding it is written (BodyCache).
 */
@Singleton
public class MappedBodies {

    /** How many large objects stay mapped. */
    @ConfigMapping(prefix = "geotier.store.mapped")
    public interface Config {
        /** Files kept mapped at once (0: large objects are always sent with sendfile). */
        @WithDefault("2048")
        int maxFiles();
    }

    /** Half the kernel's default limit on mappings: the JVM, Netty and the JIT map too. */
    private static final int MAX_FILES = 32_768;

    private final BodyCache bodies;
    private final boolean enabled;

    public MappedBodies(Config config, ObjectStore store) {
        if (config.maxFiles() < 0 || config.maxFiles() > MAX_FILES) {
            throw new IllegalArgumentException(
                    "geotier.store.mapped.max-files must be between 0 and " + MAX_FILES + ", not " + config.maxFiles());
        }
        this.enabled = config.maxFiles() > 0;
        this.bodies = new BodyCache(config.maxFiles(), bytes -> 1);
        store.whenFileDeleted(bodies::forget);
    }

    /**
     * A reference to the object's bytes as mapped (see BodyCache.retain), which the caller must
     * release once they are written; null when mapping is off, the object is larger than a buffer
     * can address (2 GiB), or its file does not hold exactly the size the index records.
     */
    public ByteBuf retain(StoredObject object) {
        if (!enabled || object.size() > Integer.MAX_VALUE || object.size() == 0) {
            return null;
        }
        boolean[] mappedNow = {false};
        ByteBuf body = bodies.retain(object.file(), file -> {
            mappedNow[0] = true;
            return map(file, object.size());
        });
        if (mappedNow[0] && body != null && !Files.exists(object.file())) {
            bodies.forget(object.file()); // deleted while it was being mapped: this response only
        }
        return body;
    }

    /** Mappings held now, for tests. */
    long held() {
        return bodies.held();
    }

    private static ByteBuf map(Path file, long size) {
        // PRIVATE (copy-on-write), which Java maps only from a channel open for writing: Netty takes
        // only a writable buffer as its own (to unmap it on its last release). Nothing writes to it,
        // and a write would change this process's copy, never the file. A file the node may not open
        // for writing is sent with sendfile instead.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() != size) {
                return null;
            }
            return new Mapping(channel.map(FileChannel.MapMode.PRIVATE, 0, size));
        } catch (IOException e) {
            return null;
        }
    }

    /** A mapping as a buffer whose last release unmaps it. */
    private static final class Mapping extends UnpooledUnsafeDirectByteBuf {
        private final MappedByteBuffer mapped;

        Mapping(MappedByteBuffer mapped) {
            super(UnpooledByteBufAllocator.DEFAULT, mapped, mapped.capacity());
            this.mapped = mapped;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            PlatformDependent.freeDirectBuffer(mapped);
        }
    }
}
