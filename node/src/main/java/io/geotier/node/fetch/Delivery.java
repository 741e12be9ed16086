package io.geotier.node.fetch;

import io.geotier.node.store.StoredObject;

/** A stored object ready to be sent, and how it came to be available. */
public record Delivery(StoredObject object, CacheStatus status) {
}
