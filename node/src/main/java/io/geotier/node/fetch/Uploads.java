package io.geotier.node.fetch;

import io.geotier.node.Sha256;
import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.store.Fill;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Objects put by their owner rather than fetched (packrat's upload). An upload streams to disk
 * through the same path as a fill: room reserved in the budget first, bytes into tmp/, then the
 * crash-safe commit, so an upload cut off mid-body stores nothing and two uploads of one key
 * each commit whole (the later wins). An uploaded object has no origin to revalidate with: it
 * stays fresh until it is purged, replaced or evicted.
 */
@Singleton
public class Uploads {

    /** How large an upload may be. */
    @ConfigMapping(prefix = "geotier.upload")
    public interface UploadConfig {
        /** Past it the upload gets 413 and nothing is stored. */
        @WithDefault("5G")
        MemorySize maxSize();
    }

    /** The upload is larger than allowed, or than the store's budget can hold. */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** The body ended before its announced length: the client went away mid-upload. */
    public static final class TruncatedException extends IOException {
        TruncatedException(String message) {
            super(message);
        }
    }

    private static final Duration FOREVER = Duration.ofSeconds(ExpiryPolicy.MAX_DELTA_SECONDS);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ObjectStore store;
    private final ObjectCatalog catalog;
    private final java.time.InstantSource clock;
    private final long maxBytes;

    public Uploads(ObjectStore store, ObjectCatalog catalog, UploadConfig config, java.time.InstantSource clock) {
        this.clock = clock;
        this.store = store;
        this.catalog = catalog;
        this.maxBytes = config.maxSize().asLongValue();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Stores the body under the key.
     *
     * @param length the announced length, or -1 (chunked)
     */
    public StoredObject put(
            ObjectKey key,
            InputStream body,
            long length,
            String contentType,
            java.util.Set<String> tags,
            String fileName)
            throws IOException {
        if (length > maxBytes) {
            throw new TooLargeException(length + " bytes is more than the " + maxBytes + " an upload may have");
        }
        Room room = Room.forBody(store, length);
        if (room == null) {
            throw new TooLargeException(length + " bytes do not fit the store's budget of " + store.budgetBytes());
        }
        try (Fill out = store.begin(key)) {
            MessageDigest sha256 = Sha256.newDigest();
            copy(body, out, room, sha256);
            if (length >= 0 && out.written() != length) {
                throw new TruncatedException("upload ended after " + out.written() + " of " + length + " bytes");
            }
            Instant now = clock.instant();
            Instant forever = now.plus(FOREVER);
            String etag = "\"" + HexFormat.of().formatHex(sha256.digest(), 0, 16) + "\"";
            StoredObject described = new StoredObject(
                            key,
                            null,
                            0,
                            etag,
                            contentType == null ? "application/octet-stream" : contentType,
                            now,
                            now,
                            forever,
                            forever,
                            forever)
                    .withTags(tags)
                    .withFileName(fileName)
                    .asUploaded();
            StoredObject stored = store.commit(out, described, room.handOver());
            catalog.recordStored(stored);
            return stored;
        } finally {
            room.release();
        }
    }

    private void copy(InputStream in, Fill out, Room room, MessageDigest sha256) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            long total = out.written() + n;
            if (total > maxBytes) {
                throw new TooLargeException("upload passed " + maxBytes + " bytes");
            }
            if (!room.cover(total)) {
                throw new TooLargeException("upload outgrew the store's budget of " + store.budgetBytes());
            }
            sha256.update(buffer, 0, n);
            out.write(ByteBuffer.wrap(buffer, 0, n));
        }
    }
}
