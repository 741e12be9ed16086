package io.geotier.node.fetch;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.node.store.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One prefetch's progress. Invariant: {@code done + failed.size() + in flight + not started == total};
 * {@code finishedAt} is set once, when the last key ended.
 */
public final class PrefetchJob {

    /** A key that could not be warmed, and why. */
    public record Failure(String key, String reason) {}

    /** What a caller polls: enough for a progress bar. */
    public record Progress(
            String id,
            int total,
            int done,
            List<Failure> failed,
            long bytes,
            long bytesPerSecond,
            Instant startedAt,
            Instant finishedAt,
            boolean complete) {}

    private final String id;
    private final List<ObjectKey> keys;
    private final InstantSource clock;
    private final Instant startedAt;

    @GuardedBy("this")
    private final List<Failure> failures = new ArrayList<>();

    @GuardedBy("this")
    private int next;

    @GuardedBy("this")
    private int done;

    @GuardedBy("this")
    private long bytes;

    private Instant finishedAt;

    PrefetchJob(String id, List<ObjectKey> keys, InstantSource clock) {
        this.id = id;
        this.keys = List.copyOf(keys);
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public String id() {
        return id;
    }

    synchronized ObjectKey take() {
        return next < keys.size() ? keys.get(next++) : null;
    }

    synchronized void done(long size) {
        done++;
        bytes += size;
        finishIfDone();
    }

    synchronized void failed(ObjectKey key, String reason) {
        failures.add(new Failure(key.id(), reason));
        finishIfDone();
    }

    synchronized void finishIfDone() {
        if (finishedAt == null && done + failures.size() == keys.size()) {
            finishedAt = clock.instant();
        }
    }

    public synchronized Progress progress() {
        Instant until = finishedAt != null ? finishedAt : clock.instant();
        long millis = Math.max(1, Duration.between(startedAt, until).toMillis());
        return new Progress(
                id,
                keys.size(),
                done,
                List.copyOf(failures),
                bytes,
                bytes * 1000 / millis,
                startedAt,
                finishedAt,
                finishedAt != null);
    }
}
