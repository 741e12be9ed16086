package io.geotier.node.store;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last few objects the budget pushed out, newest first, for the status page. */
public final class EvictionLog {

    /** One eviction. */
    public record Entry(String key, long size, Instant at) {}

    private final int capacity;

    @GuardedBy("this")
    private final Deque<Entry> entries = new ArrayDeque<>();

    EvictionLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(ObjectKey key, long size, Instant at) {
        entries.addFirst(new Entry(key.id(), size, at));
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    public synchronized List<Entry> recent() {
        return new ArrayList<>(entries);
    }
}
