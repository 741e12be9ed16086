package io.geotier.geodns.server;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Logs a recurring failure at most once a minute with how often it happened since, so a query
 * that fails for everyone (or an attacker's stream of them) cannot flood the log.
 */
final class FailureLog {

    private static final long EVERY_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String what;
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY_NANOS);

    FailureLog(Class<?> owner, String what) {
        this.log = Logger.getLogger(owner);
        this.what = what;
    }

    void report(Throwable failure) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last < EVERY_NANOS || !lastLogged.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        log.errorf(failure, "%s%s", what, more == 0 ? "" : " (and " + more + " more times in the last minute)");
    }
}
