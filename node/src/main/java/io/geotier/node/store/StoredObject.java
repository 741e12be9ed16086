package io.geotier.node.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A complete object on local disk and what was learnt about it from the origin.
 *
 * @param file                 the object's bytes; exactly {@code size} of them
 * @param lastModified         the origin's Last-Modified, or null when it sent none
 * @param storedAt             when these bytes were last known to be the origin's: when the origin
 *                             was asked for them (or answered 304 to a revalidation asked then),
 *                             not when the fill ended. A purge issued after it leaves the copy
 *                             alone; one issued before takes it, however late the purge arrives.
 * @param expiresAt            end of freshness: until then it is served without asking the origin
 * @param staleWhileRevalidate until then an expired copy is served while a refresh runs behind it
 * @param staleIfError         until then an expired copy is served when the origin fails
 * @param tags                 purge tags: the origin's Surrogate-Key / Cache-Tag, or an upload's
 * @param fileName             the name an upload came with, sent back as Content-Disposition; or null
 * @param uploaded             put by its owner, not fetched: no origin has it, so none is ever asked
 *                             about it (an origin's 404 would otherwise delete the only copy)
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
        Instant staleIfError,
        java.util.Set<String> tags,
        String fileName,
        boolean uploaded) {

    public StoredObject {
        tags = tags == null ? java.util.Set.of() : java.util.Set.copyOf(tags);
    }

    /** Without purge tags. */
    public StoredObject(
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
        this(
                key,
                file,
                size,
                etag,
                contentType,
                lastModified,
                storedAt,
                expiresAt,
                staleWhileRevalidate,
                staleIfError,
                java.util.Set.of(),
                null,
                false);
    }

    /** The same object with these purge tags. */
    public StoredObject withTags(java.util.Set<String> tags) {
        return new StoredObject(
                key,
                file,
                size,
                etag,
                contentType,
                lastModified,
                storedAt,
                expiresAt,
                staleWhileRevalidate,
                staleIfError,
                tags,
                fileName,
                uploaded);
    }

    /** The same object with the name it was uploaded under. */
    public StoredObject withFileName(String fileName) {
        return new StoredObject(
                key,
                file,
                size,
                etag,
                contentType,
                lastModified,
                storedAt,
                expiresAt,
                staleWhileRevalidate,
                staleIfError,
                tags,
                fileName,
                uploaded);
    }

    /** The same object, marked as put by its owner. */
    public StoredObject asUploaded() {
        return new StoredObject(
                key,
                file,
                size,
                etag,
                contentType,
                lastModified,
                storedAt,
                expiresAt,
                staleWhileRevalidate,
                staleIfError,
                tags,
                fileName,
                true);
    }

    public boolean isFresh(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean mayServeWhileRevalidating(Instant now) {
        return now.isBefore(staleWhileRevalidate);
    }

    /** How long past its expiry the copy may stand in for a failing origin (zero when not at all). */
    public java.time.Duration staleIfErrorWindow() {
        return staleIfError.isAfter(expiresAt)
                ? java.time.Duration.between(expiresAt, staleIfError)
                : java.time.Duration.ZERO;
    }

    public boolean mayServeOnError(Instant now) {
        return now.isBefore(staleIfError);
    }

    /** The same bytes with new validity, as a 304 from the origin gives. */
    public StoredObject refreshed(
            Instant storedAt, Instant expiresAt, Instant staleWhileRevalidate, Instant staleIfError) {
        return new StoredObject(
                key,
                file,
                size,
                etag,
                contentType,
                lastModified,
                storedAt,
                expiresAt,
                staleWhileRevalidate,
                staleIfError,
                tags,
                fileName,
                uploaded);
    }

    /**
     * Purge tags from a Surrogate-Key (Fastly) or Cache-Tag (Cloudflare) header value, or an
     * upload's tags field: space or comma separated, at most 64 of at most 128 characters each.
     */
    public static java.util.Set<String> parseTags(String value) {
        if (value == null || value.isBlank()) {
            return java.util.Set.of();
        }
        return java.util.Arrays.stream(value.split("[\\s,]+"))
                .filter(t -> !t.isEmpty() && t.length() <= 128)
                .limit(64)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
