package io.geotier.node.edge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the connection gate did, for the node's metrics (bound in {@link EdgeMetrics}). */
public final class GateStats {

    private final LongAdder headerTimeouts = new LongAdder();
    private final LongAdder refusedOverCap = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();

    void countHeaderTimeout() {
        headerTimeouts.increment();
    }

    void countRefusal() {
        refusedOverCap.increment();
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    public long headerTimeouts() {
        return headerTimeouts.sum();
    }

    public long refusedOverCap() {
        return refusedOverCap.sum();
    }

    /** HTTP and HTTPS connections open now. */
    public int open() {
        return open.get();
    }
}
