package io.geotier.harness.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the soak saw: answers served, errors by class, and the two counts that must stay 0. */
final class Tally {

    private final LongAdder served = new LongAdder();
    private final Map<String, LongAdder> servedByKind = new ConcurrentHashMap<>();
    private final Map<String, long[]> errorWindow = new ConcurrentHashMap<>();
    private final long startMillis = System.currentTimeMillis();
    private final LongAdder corrupt = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong maxDeadAnswerMillis = new AtomicLong();

    void countServed(String kind) {
        served.increment();
        servedByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** A body that differs from the origin's bytes, or is short while the answer claimed it whole. */
    void corrupt(String what) {
        corrupt.increment();
        System.err.println("soak: CORRUPT t=" + (System.currentTimeMillis() - startMillis) / 1000 + "s " + what);
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        long at = (System.currentTimeMillis() - startMillis) / 1000;
        errorWindow.compute(
                kind, (k, w) -> w == null ? new long[] {at, at} : new long[] {Math.min(w[0], at), Math.max(w[1], at)});
    }

    void deadAnswer(long millis) {
        maxDeadAnswerMillis.accumulateAndGet(millis, Math::max);
    }

    long servedCount() {
        return served.sum();
    }

    long corruptCount() {
        return corrupt.sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Each class of error with its count and the seconds of the run in which it was seen first and last. */
    Map<String, String> errorsByKind() {
        Map<String, String> byKind = new TreeMap<>();
        errors.forEach((k, v) -> byKind.put(
                k, v.sum() + " (t=" + errorWindow.get(k)[0] + "-" + errorWindow.get(k)[1] + "s)"));
        return byKind;
    }

    Map<String, Long> servedByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        servedByKind.forEach((k, v) -> byKind.put(k, v.sum()));
        return byKind;
    }

    double maxDeadAnswerSeconds() {
        return maxDeadAnswerMillis.get() / 1000.0;
    }
}
