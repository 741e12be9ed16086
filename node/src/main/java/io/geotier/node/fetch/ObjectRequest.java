package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;

/**
 * One request of the data path.
 *
 * @param rawQuery     the query as received, forwarded to the origin (presigned parameters included)
 * @param onlyIfCached answer from the store or fail, never asking the origin (RFC 9111)
 * @param rangeStart   first byte the client asked for with Range, or -1
 */
public record ObjectRequest(ObjectKey key, String rawQuery, boolean onlyIfCached, long rangeStart) {
}
