package io.geotier.node.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A complete object on local disk and what was learnt about it from the origin.
 *
 * @param file         the object's bytes; exactly {@code size} of them
 * @param lastModified the origin's Last-Modified, or null when it sent none
 */
public record StoredObject(
        ObjectKey key,
        Path file,
        long size,
        String etag,
        String contentType,
        Instant lastModified,
        Instant storedAt,
        Instant expiresAt) {

    public boolean isFresh(Instant now) {
        return now.isBefore(expiresAt);
    }
}
