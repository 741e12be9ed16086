package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import java.io.IOException;
import java.util.Map;

/**
 * Where objects come from. The caller owns every response it gets and closes it.
 *
 * <p>{@code rawQuery} is the client's query as received (presigned-URL parameters included), or
 * null; {@code headers} are extra request headers: validators for a revalidation, Range for a
 * pass-through.
 */
public interface Origin {

    /** GETs the object; throws {@link OriginTimeoutException} when no response headers came in time. */
    OriginResponse get(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException;

    /** Asks for the object's headers alone (a HEAD miss costs the origin no body). */
    OriginResponse head(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException;

    /** The URL a client may be sent to for this object (redirect-while-caching). */
    java.net.URI urlOf(ObjectKey key, String rawQuery);
}
