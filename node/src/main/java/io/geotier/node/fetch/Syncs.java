package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.concurrent.Semaphore;

/**
 * Fills started on request without a client waiting (cache-tier's sync). Each joins the key's fill
 * in flight if there is one. At most {@code geotier.limits.max-syncs} run at once, so a caller
 * cannot queue unbounded origin work with calls that cost it nothing.
 */
@Singleton
public class Syncs {

    /** What a sync request led to. */
    public enum Outcome {
        ALREADY_FRESH,
        STARTED,
        BUSY
    }

    private final ObjectStore store;
    private final Filler filler;
    private final Semaphore slots;
    private final InstantSource clock;

    public Syncs(ObjectStore store, Filler filler, LimitsConfig limits, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.filler = filler;
        this.slots = new Semaphore(limits.maxSyncs());
    }

    public Outcome sync(ObjectKey key) {
        StoredObject current = store.find(key).orElse(null);
        if (current != null && current.isFresh(clock.instant())) {
            return Outcome.ALREADY_FRESH;
        }
        if (!slots.tryAcquire()) {
            return Outcome.BUSY;
        }
        FillLease lease = filler.fill(key, null, current);
        // The slot and the lease are held until the fill has ended, however it ends.
        lease.fill().done().whenComplete((stored, failure) -> {
            lease.close();
            slots.release();
        });
        return Outcome.STARTED;
    }
}
