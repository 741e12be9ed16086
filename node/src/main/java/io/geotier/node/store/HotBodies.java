package io.geotier.node.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * storage. Up to 1 MiB a copy also beats sending the file: headers and body leave in one
 * {@code writev} from memory that the kernel copies fastest (bench/http/anatomy 1m: 22.1 GB in 8 s
 * against 13.7 GB by sendfile, docs/benchmarks.md).
 */
@Singleton
public class HotBodies {

    /** Memory given to small objects. */
    @ConfigMapping(prefix = "geotier.store.memory")
    public interface Config {
        /** Bytes of small objects kept in memory (0 turns it off). */
        @WithDefault("64M")
        MemorySize budget();

        /** Largest object kept in memory; larger ones are mapped (MappedBodies) or sent with sendfile. */
        @WithDefault("1M")
        MemorySize maxObject();
    }

    private final BodyCache bodies;
    private final long maxObject;

    public HotBodies(Config config) {
        this.maxObject =
                config.budget().asLongValue() == 0 ? -1 : config.maxObject().asLongValue();
        this.bodies = new BodyCache(config.budget().asLongValue(), bytes -> bytes.capacity() + 64);
    }

    /**
     * A reference to the object's bytes in memory (see BodyCache.retain), which the caller must
     * release once they are written; null when the object is too large or its file does not hold
     * exactly the size the index records.
     */
    public ByteBuf retain(StoredObject object) {
        if (object.size() > maxObject) {
            return null;
        }
        return bodies.retain(object.file(), file -> load(file, object.size()));
    }

    /** Copies held now, for tests. */
    long held() {
        return bodies.held();
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
        } catch (IOException | OutOfMemoryError e) {
            // OutOfMemoryError: Netty's direct memory limit is lower than the budget; the object is
            // sent from its file instead
            return null;
        }
    }
}
