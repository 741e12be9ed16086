package io.geotier.node.fetch;

import io.geotier.node.store.StoredObject;

/** What the data path sends for one request. */
public sealed interface Delivery {

    CacheStatus status();

    /** A complete object on disk. */
    record Stored(StoredObject object, CacheStatus status) implements Delivery {
    }

    /** A fill in flight, read while it is written; the receiver owns one reference to it. */
    record Streaming(ActiveFill fill, FillHead.Streaming head) implements Delivery {
        @Override
        public CacheStatus status() {
            return CacheStatus.MISS;
        }
    }

    /** Relay the origin's own answer to this very request (its Range included), storing nothing. */
    record PassThrough(CacheStatus status) implements Delivery {
    }
}
