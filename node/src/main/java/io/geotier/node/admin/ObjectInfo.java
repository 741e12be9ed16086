package io.geotier.node.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.StoredObject;
import java.time.Instant;

/** What {@code GET /api/v1/objects/{key}} tells about a key on this node; absent fields are omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectInfo(boolean present, String key, Long size, String etag, String contentType, String fileName,
        Instant storedAt, Instant expiresAt, String region, String node) {

    static ObjectInfo absent(ObjectKey key) {
        return new ObjectInfo(false, key.id(), null, null, null, null, null, null, null, null);
    }

    static ObjectInfo of(StoredObject object, NodeIdentity identity) {
        return new ObjectInfo(true, object.key().id(), object.size(), object.etag(), object.contentType(), null,
                object.storedAt(), object.expiresAt(), identity.region(), identity.name());
    }
}
