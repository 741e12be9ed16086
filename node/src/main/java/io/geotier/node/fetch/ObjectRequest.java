package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;

/**
 * One request of the data path.
 *
 * @param rawQuery     the query as received, forwarded to the origin (presigned parameters included)
 * @param onlyIfCached answer from the store or fail, never asking the origin (RFC 9111)
 * @param rangeStart   first byte the client asked for with Range, or -1
 * @param suffixLength the length of a suffix range ({@code bytes=-N}) asked for first, or -1
 * @param head         a HEAD: a miss needs the origin's headers, never its body
 */
public record ObjectRequest(
        ObjectKey key, String rawQuery, boolean onlyIfCached, long rangeStart, long suffixLength, boolean head) {

    /** The first byte asked for once the size is known (-1 for a size not known, or no Range). */
    long firstByte(long size) {
        if (rangeStart >= 0) {
            return rangeStart;
        }
        return suffixLength > 0 && size >= 0 ? Math.max(0, size - suffixLength) : -1;
    }
}
