package io.geotier.node.fetch;

import io.geotier.node.store.ObjectStore;

/**
 * The store budget one fill holds. Invariant: the bytes a fill has written never exceed the bytes
 * it holds while it may still be stored, so the store's size plus every fill's room stays within
 * the budget. A fill of known length takes its whole room up front; one of unknown length
 * (chunked origin) takes room a step at a time and, when the budget has none left, gives it all
 * back and finishes as a pass-through that is never stored.
 */
final class Room {

    /** Room taken at a time for a body of unknown length. */
    static final long STEP_BYTES = 4L << 20;

    private final ObjectStore store;
    private long held;
    private boolean storable;

    private Room(ObjectStore store, long held, boolean storable) {
        this.store = store;
        this.held = held;
        this.storable = storable;
    }

    /** Room for a body of this length (-1: unknown); null when a known length cannot fit at all. */
    static Room forBody(ObjectStore store, long length, boolean storable) {
        if (!storable) {
            return new Room(store, 0, false);
        }
        if (length < 0) {
            return new Room(store, 0, true);
        }
        return store.reserve(length) ? new Room(store, length, true) : null;
    }

    /** Makes room for this many written bytes; false once the fill can no longer be stored. */
    boolean cover(long written) {
        while (storable && written > held) {
            long step = Math.max(STEP_BYTES, written - held);
            if (!store.reserve(step)) {
                storable = false;
                release();
                break;
            }
            held += step;
        }
        return storable;
    }

    boolean storable() {
        return storable;
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
