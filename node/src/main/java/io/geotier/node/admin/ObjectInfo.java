package io.geotier.node.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.StoredObject;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/objects/{key}} tells about a key: what this node holds, and which nodes
 * of the cluster hold it ({@code heldBy}, from the shared catalog; omitted when the cluster does
 * not answer). Absent fields are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectInfo(
        boolean present,
        String key,
        Long size,
        String etag,
        String contentType,
        String fileName,
        Instant storedAt,
        Instant expiresAt,
        String region,
        String node,
        List<String> heldBy) {

    static ObjectInfo absent(ObjectKey key) {
        return new ObjectInfo(false, key.id(), null, null, null, null, null, null, null, null, null);
    }

    ObjectInfo heldBy(List<String> nodes) {
        return new ObjectInfo(
                present, key, size, etag, contentType, fileName, storedAt, expiresAt, region, node, List.copyOf(nodes));
    }

    static ObjectInfo of(StoredObject object, NodeIdentity identity) {
        return new ObjectInfo(
                true,
                object.key().id(),
                object.size(),
                object.etag(),
                object.contentType(),
                null,
                object.storedAt(),
                object.uploaded() ? null : object.expiresAt(), // an upload never expires: left out, not year 2094
                identity.region(),
                identity.name(),
                null);
    }
}
