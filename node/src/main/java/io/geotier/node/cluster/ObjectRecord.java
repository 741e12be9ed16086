package io.geotier.node.cluster;

import org.infinispan.protostream.annotations.Proto;

/**
 * What the cluster knows about a stored object, keyed by object key in the shared cache: which node
 * stored it last, its size and validator, and when it expires. Times are epoch milliseconds.
 */
@Proto
public record ObjectRecord(
        String key,
        long size,
        String etag,
        long storedAt,
        long expiresAt,
        String region,
        String node) {
}
