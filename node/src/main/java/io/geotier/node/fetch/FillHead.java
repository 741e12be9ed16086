package io.geotier.node.fetch;

import io.geotier.node.store.StoredObject;
import java.nio.file.Path;
import java.time.Instant;

/** What a fill learnt from the origin's response headers: enough for readers to start answering. */
public sealed interface FillHead {

    /**
     * A body is arriving into {@code tmpFile}.
     *
     * @param length the origin's Content-Length, or -1 when it sent none
     * @param tags   the purge tags the origin gave it
     */
    record Streaming(
            long length,
            String etag,
            String contentType,
            Instant lastModified,
            Instant expiresAt,
            Path tmpFile,
            java.util.Set<String> tags)
            implements FillHead {
        public Streaming {
            tags = tags == null ? java.util.Set.of() : java.util.Set.copyOf(tags);
        }
    }

    /** The origin answered 304: the stored copy is valid again, with new freshness. */
    record NotModified(StoredObject refreshed) implements FillHead {}
}
