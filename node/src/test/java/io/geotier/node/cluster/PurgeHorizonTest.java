package io.geotier.node.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The trust a node puts in its copies as its cluster comes and goes; time is handed in, nothing sleeps. */
class PurgeHorizonTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration MAX = Duration.ofMinutes(5);

    /** A purge log whose catch-up the test completes by hand. */
    private static final class Log implements PurgeHorizon.CatchUp {
        CompletableFuture<Integer> pending;
        int calls;

        @Override
        public CompletableFuture<Integer> catchUp() {
            calls++;
            pending = new CompletableFuture<>();
            return pending;
        }
    }

    @Test
    void aCutOffNodeTrustsItsCopiesUntilTheCutOffThenRevalidates() {
        Log log = new Log();
        PurgeHorizon horizon = new PurgeHorizon(log, MAX, T0, () -> {});
        horizon.reachable(true, T0);
        log.pending.complete(0);
        assertTrue(horizon.trusted(T0.plusSeconds(1)));

        horizon.reachable(false, T0.plusSeconds(10));
        assertTrue(horizon.trusted(T0.plusSeconds(10).plus(MAX).minusMillis(1)), "within the cut-off");
        assertFalse(horizon.trusted(T0.plusSeconds(10).plus(MAX)), "past it: every hit revalidates");
        horizon.reachable(false, T0.plusSeconds(400));
        assertFalse(horizon.trusted(T0.plusSeconds(400)), "the cut started at the first failed ping");
    }

    @Test
    void backInTouchNothingIsTrustedUntilThePurgeLogIsApplied() {
        Log log = new Log();
        PurgeHorizon horizon = new PurgeHorizon(log, MAX, T0, () -> {});
        horizon.reachable(true, T0);
        log.pending.complete(3);
        horizon.reachable(false, T0.plusSeconds(1));
        horizon.reachable(true, T0.plusSeconds(2));
        assertFalse(horizon.trusted(T0.plusSeconds(2)), "catching up");
        horizon.reachable(true, T0.plusSeconds(3));
        assertTrue(log.calls == 2, "one catch-up at a time");
        log.pending.complete(5);
        assertTrue(horizon.trusted(T0.plusSeconds(3)));
    }

    @Test
    void aFailedCatchUpIsTriedAgainAtTheNextPing() {
        Log log = new Log();
        PurgeHorizon horizon = new PurgeHorizon(log, MAX, T0, () -> {});
        horizon.reachable(true, T0);
        log.pending.completeExceptionally(new IllegalStateException("server went away"));
        assertTrue(horizon.trusted(T0.plusSeconds(1)), "still within the cut-off counted from start");
        assertFalse(horizon.trusted(T0.plus(MAX)), "never caught up: past the cut-off from start");
        horizon.reachable(true, T0.plusSeconds(2));
        assertTrue(log.calls == 2);
        log.pending.complete(0);
        assertTrue(horizon.trusted(T0.plus(MAX).plusSeconds(1)));
    }

    @Test
    void aNodeStartedWithoutItsClusterServesForTheCutOff() {
        PurgeHorizon horizon = new PurgeHorizon(new Log(), MAX, T0, () -> {});
        assertTrue(horizon.trusted(T0.plusSeconds(60)));
        assertFalse(horizon.trusted(T0.plus(MAX)));
    }
}
