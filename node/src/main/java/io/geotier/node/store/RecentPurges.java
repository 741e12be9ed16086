package io.geotier.node.store;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The purges applied lately, so that a fill that asked the origin before a purge and commits
 * after it does not bring back what the purge took: at its commit the fill is checked against
 * every purge issued since it asked. Kept for longer than a fill can take.
 */
final class RecentPurges {

    /** What the purges issued after a fill asked the origin mean for its copy. */
    enum Verdict {
        KEEP,
        STALE,
        DROP
    }

    private final Duration kept;

    @GuardedBy("this")
    private final Deque<Purge> purges = new ArrayDeque<>();

    RecentPurges(Duration kept) {
        this.kept = kept;
    }

    synchronized void add(Purge purge) {
        purges.addLast(purge);
        Instant horizon = purge.issuedAt().minus(kept);
        while (!purges.isEmpty() && purges.peekFirst().issuedAt().isBefore(horizon)) {
            purges.removeFirst();
        }
    }

    /** DROP when a hard purge issued after {@code askedAt} covers the object, STALE for a soft one. */
    synchronized Verdict since(Instant askedAt, ObjectKey key, Set<String> tags) {
        Verdict verdict = Verdict.KEEP;
        for (Purge p : purges) {
            if (p.issuedAt().isAfter(askedAt) && p.covers(key, tags)) {
                if (!p.soft()) {
                    return Verdict.DROP;
                }
                verdict = Verdict.STALE;
            }
        }
        return verdict;
    }
}
