package io.geotier.node.cluster;

import io.geotier.node.store.StoredObject;

/** Tells the cluster which objects this node holds. Never fails the caller: publication is best effort. */
@FunctionalInterface
public interface ObjectCatalog {

    /** The Infinispan cache the catalog lives in. */
    String CACHE = "geotier-objects";

    void recordStored(StoredObject object);
}
