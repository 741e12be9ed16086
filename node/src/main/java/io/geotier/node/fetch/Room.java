package io.geotier.node.fetch;

import io.geotier.node.store.ObjectStore;

/**
 * The store budget one fill holds for its file. Invariant: the bytes a fill has written never
 * exceed the bytes it holds, so the store's size plus every fill's file stays within the budget.
 * A fill of known length takes its whole room up front; one of unknown length (chunked origin)
 * takes room a step at a time, and when the budget has none left it can write no further.
 * (Bodies that may not be stored never get a fill: the Filler passes them to the origin.)
 */
final class Room {

    /** Room taken at a time for a body of unknown length. */
    static final long STEP_BYTES = 4L << 20;

    private final ObjectStore store;
    private long held;
    private boolean exhausted;

    private Room(ObjectStore store, long held) {
        this.store = store;
        this.held = held;
    }

    /** Room for a body of this length (-1: unknown); null when a known length cannot fit at all. */
    static Room forBody(ObjectStore store, long length) {
        if (length < 0) {
            return new Room(store, 0);
        }
        return store.reserve(length) ? new Room(store, length) : null;
    }

    /** Makes room for this many written bytes; false once the budget has none left (the fill must stop). */
    boolean cover(long written) {
        while (!exhausted && written > held) {
            long step = Math.max(STEP_BYTES, written - held);
            if (!store.reserve(step)) {
                exhausted = true;
                release();
                break;
            }
            held += step;
        }
        return !exhausted;
    }

    /** Bytes held, handed to the store as the object takes their place. */
    long handOver() {
        long bytes = held;
        held = 0;
        return bytes;
    }

    void release() {
        if (held > 0) {
            store.release(held);
            held = 0;
        }
    }
}
