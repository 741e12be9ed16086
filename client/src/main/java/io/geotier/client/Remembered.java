package io.geotier.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Answers kept for a while: each entry until its own expiry, and at most {@code max} entries (the
 * oldest written goes first), so a site with millions of objects holds bounded memory. Safe for
 * concurrent use; every call is short and done under the instance's lock.
 */
final class Remembered<K, V> {

    private record Entry<V>(V value, Instant expires) {}

    private final InstantSource clock;
    private final LinkedHashMap<K, Entry<V>> entries;

    Remembered(long max, InstantSource clock) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > max;
            }
        };
    }

    /** The value kept for the key, or null when there is none or it has expired. */
    synchronized V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    /** Keeps the value for {@code ttl}; a zero or negative ttl keeps nothing. */
    synchronized void put(K key, V value, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            entries.remove(key);
            return;
        }
        entries.remove(key); // re-inserted last: the newest written is the last evicted
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }

    /** Keeps the value unless a live one is kept already; whether this call kept it. */
    synchronized boolean putIfAbsent(K key, V value, Duration ttl) {
        if (get(key) != null) {
            return false;
        }
        put(key, value, ttl);
        return true;
    }

    synchronized void removeIf(Predicate<K> which) {
        entries.keySet().removeIf(which);
    }

    synchronized int size() {
        return entries.size();
    }
}
