package io.geotier.geodns.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What DNS waits for at start before it binds: until steering knows its nodes and has probed
 * each once, every answer would be SERVFAIL or a node not yet known to be up. A port that is not
 * bound yet sends resolvers to the zone's other servers at once, which a SERVFAIL does not.
 *
 * @param ready  whether steering has what it needs
 * @param longest the longest wait; after it DNS serves what it has
 */
public record StartGate(BooleanSupplier ready, Duration longest) {

    /** A gate that is open from the start. */
    public static final StartGate OPEN = new StartGate(() -> true, Duration.ZERO);

    /** Waits for {@link #ready}, at most {@link #longest}; returns whether it became ready. */
    public boolean await() {
        long deadline = System.nanoTime() + longest.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ready.getAsBoolean();
            }
        }
        return true;
    }
}
