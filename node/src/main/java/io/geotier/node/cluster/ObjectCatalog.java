package io.geotier.node.cluster;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.StoredObject;

/** Tells the cluster which objects this node holds. Never fails the caller: publication is best effort. */
public interface ObjectCatalog {

    /** The Infinispan cache the catalog lives in. */
    String CACHE = "geotier-objects";

    /** A catalog that tells nobody (a node without a cluster, and tests of one node's logic). */
    ObjectCatalog NONE = new ObjectCatalog() {
        @Override
        public void recordStored(StoredObject object) {}

        @Override
        public void recordDropped(ObjectKey key) {}

        @Override
        public void recordFilling(ObjectKey key) {}

        @Override
        public java.util.Optional<ObjectRecord> find(ObjectKey key, java.time.Duration wait) {
            return java.util.Optional.empty();
        }
    };

    /** This node now holds this version of the object. */
    void recordStored(StoredObject object);

    /**
     * This node is fetching the object from the origin now: it is named among the holders at once,
     * so a peer that misses meanwhile streams from this fill instead of asking the origin too.
     */
    void recordFilling(ObjectKey key);

    /** This node no longer holds the object (evicted, purged or removed). */
    void recordDropped(ObjectKey key);

    /** What the cluster knows of the object, if it answers within {@code wait}; empty otherwise. Blocks. */
    java.util.Optional<ObjectRecord> find(ObjectKey key, java.time.Duration wait);
}
