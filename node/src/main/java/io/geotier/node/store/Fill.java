package io.geotier.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An object being written: bytes go to a file under tmp/ that nobody serves. It becomes visible
 * only through {@link ObjectStore#commit}; {@link #abort()} throws it away.
 */
public final class Fill implements AutoCloseable {

    private final ObjectKey key;
    private final String id;
    private final Path tmpFile;
    private final FileChannel channel;
    private long written;
    private boolean open = true;
    /** When the bytes were asked of the origin (purges issued after it take this copy), or null for an upload. */
    private final java.time.Instant askedAt;

    Fill(ObjectKey key, String id, Path tmpFile, FileChannel channel, java.time.Instant askedAt) {
        this.askedAt = askedAt;
        this.key = key;
        this.id = id;
        this.tmpFile = tmpFile;
        this.channel = channel;
    }

    public ObjectKey key() {
        return key;
    }

    String id() {
        return id;
    }

    java.time.Instant askedAt() {
        return askedAt;
    }

    public Path tmpFile() {
        return tmpFile;
    }

    public long written() {
        return written;
    }

    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            written += channel.write(bytes);
        }
    }

    /** Makes the bytes durable and closes the file; called once, by commit. */
    void seal() throws IOException {
        channel.force(true);
        channel.close();
        open = false;
    }

    public void abort() {
        close();
    }

    /** Closing a fill that was not committed discards it. */
    @Override
    public void close() {
        if (open) {
            open = false;
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted next; nothing else to release
            }
        }
        try {
            Files.deleteIfExists(tmpFile);
        } catch (IOException ignored) {
            // a leftover in tmp/ is removed at the next start-up
        }
    }
}
