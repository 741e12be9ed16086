package io.geotier.node.cluster;

import java.util.ArrayList;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * What the cluster knows about one object, keyed by its full object key (path and significant
 * query) in the shared cache: its size, validator and expiry as last stored, and the nodes that
 * hold a copy. The record goes when its last holder drops the object. Times are epoch milliseconds.
 */
@Proto
public record ObjectRecord(String key, long size, String etag, long storedAt, long expiresAt, List<String> holders) {

    public ObjectRecord {
        holders = holders == null ? List.of() : List.copyOf(holders);
    }

    /** This record as stored again by {@code node}: the new validity, the node among the holders. */
    ObjectRecord storedBy(String node, long size, String etag, long storedAt, long expiresAt) {
        List<String> all = new ArrayList<>(holders);
        if (!all.contains(node)) {
            all.add(node);
        }
        return new ObjectRecord(key, size, etag, storedAt, expiresAt, all);
    }

    /** This record with {@code node} among its holders, its validity unchanged (a fill just started there). */
    ObjectRecord heldAlsoBy(String node) {
        if (holders.contains(node)) {
            return this;
        }
        List<String> all = new ArrayList<>(holders);
        all.add(node);
        return new ObjectRecord(key, size, etag, storedAt, expiresAt, all);
    }

    /** This record without {@code node} among its holders. */
    ObjectRecord droppedBy(String node) {
        List<String> rest = new ArrayList<>(holders);
        rest.remove(node);
        return new ObjectRecord(key, size, etag, storedAt, expiresAt, rest);
    }
}
