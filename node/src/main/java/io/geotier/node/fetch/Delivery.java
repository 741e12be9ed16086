package io.geotier.node.fetch;

import io.geotier.node.origin.OriginResponse;
import io.geotier.node.store.StoredObject;

/** What the data path sends for one request. */
public sealed interface Delivery {

    CacheStatus status();

    /** A complete object on disk. */
    record Stored(StoredObject object, CacheStatus status) implements Delivery {}

    /** A fill in flight, read while it is written; the receiver owns the lease. */
    record Streaming(FillLease lease, FillHead.Streaming head) implements Delivery {
        @Override
        public CacheStatus status() {
            return CacheStatus.MISS;
        }
    }

    /**
     * Relay the origin's own answer to this very request (its Range included), storing nothing.
     *
     * @param answered the origin's answer already in hand (a plain GET the fill found not storable),
     *                 owned by the receiver; null when the origin is still to be asked
     */
    record PassThrough(CacheStatus status, OriginResponse answered) implements Delivery {
        public PassThrough(CacheStatus status) {
            this(status, null);
        }
    }

    /** Send the client to the origin (redirect while caching) while a fill runs behind it. */
    record Redirect(java.net.URI location) implements Delivery {
        @Override
        public CacheStatus status() {
            return CacheStatus.REDIRECT;
        }
    }
}
