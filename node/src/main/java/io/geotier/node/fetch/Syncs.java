package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * Fills started on request without a client waiting (cache-tier's sync). Each joins the key's fill
 * in flight if there is one. At most {@code geotier.limits.max-syncs} run at once, so a caller
 * cannot queue unbounded origin work with calls that cost it nothing.
 */
@Singleton
public class Syncs {

    /** What a sync request led to. */
    public enum Outcome { ALREADY_FRESH, STARTED, BUSY }

    private final ObjectStore store;
    private final Filler filler;
    private final Semaphore slots;

    public Syncs(ObjectStore store, Filler filler, LimitsConfig limits) {
        this.store = store;
        this.filler = filler;
        this.slots = new Semaphore(limits.maxSyncs());
    }

    public Outcome sync(ObjectKey key) {
        StoredObject current = store.find(key).orElse(null);
        if (current != null && current.isFresh(Instant.now())) {
            return Outcome.ALREADY_FRESH;
        }
        if (!slots.tryAcquire()) {
            return Outcome.BUSY;
        }
        ActiveFill fill = filler.fill(key, null, current);
        // The slot and the fill reference are held until the fill has ended, however it ends.
        fill.done().whenComplete((stored, failure) -> {
            fill.release();
            slots.release();
        });
        return Outcome.STARTED;
    }
}
