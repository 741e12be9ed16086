package io.geotier.node.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A complete object on local disk and what was learnt about it from the origin.
 *
 * @param file                 the object's bytes; exactly {@code size} of them
 * @param lastModified         the origin's Last-Modified, or null when it sent none
 * @param expiresAt            end of freshness: until then it is served without asking the origin
 * @param staleWhileRevalidate until then an expired copy is served while a refresh runs behind it
 * @param staleIfError         until then an expired copy is served when the origin fails
 */
public record StoredObject(
        ObjectKey key,
        Path file,
        long size,
        String etag,
        String contentType,
        Instant lastModified,
        Instant storedAt,
        Instant expiresAt,
        Instant staleWhileRevalidate,
        Instant staleIfError) {

    public boolean isFresh(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean mayServeWhileRevalidating(Instant now) {
        return now.isBefore(staleWhileRevalidate);
    }

    public boolean mayServeOnError(Instant now) {
        return now.isBefore(staleIfError);
    }

    /** The same bytes with new validity, as a 304 from the origin gives. */
    public StoredObject refreshed(Instant storedAt, Instant expiresAt, Instant staleWhileRevalidate, Instant staleIfError) {
        return new StoredObject(key, file, size, etag, contentType, lastModified, storedAt, expiresAt,
                staleWhileRevalidate, staleIfError);
    }
}
