package io.geotier.node.fetch;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's claim on a fill: while any lease is open the fill's file stays readable. Whoever
 * receives a lease owns it and closes it exactly once, however the request ends; closing again
 * does nothing, so a path that both hands a lease on and cleans up cannot give back a reference
 * twice and close the file under another reader.
 */
public final class FillLease implements AutoCloseable {

    private final ActiveFill fill;
    private final AtomicBoolean open = new AtomicBoolean(true);

    /** Wraps a reference already taken on {@code fill}. */
    FillLease(ActiveFill fill) {
        this.fill = fill;
    }

    public ActiveFill fill() {
        return fill;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            fill.release();
        }
    }
}
