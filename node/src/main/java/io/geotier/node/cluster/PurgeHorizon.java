package io.geotier.node.cluster;

import io.geotier.node.store.CopyTrust;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * How far this node can vouch for its copies, given the purges it may have missed. Connected and
 * caught up: every copy is trusted. Cut off from the cluster: copies stay trusted for
 * {@code geotier.cluster.max-disconnected}, then every hit is revalidated with the origin. Back
 * in touch: no copy is trusted until the retained purge log has been applied (a listener on a
 * restarted site sees none of the catch-up, so the node reads the log itself).
 *
 * <p>The bound this gives: a purge issued while a node is cut off can be missed by that node for
 * at most {@code max-disconnected} plus the time to notice the cut (two pings, 2 s); one issued
 * while it is connected reaches it with the listener event.
 */
@ApplicationScoped
public class PurgeHorizon implements CopyTrust {

    /** Reads and applies the whole retained purge log; completes with the number of purges read. */
    @FunctionalInterface
    public interface CatchUp {
        CompletableFuture<Integer> catchUp();
    }

    private static final Logger LOG = Logger.getLogger(PurgeHorizon.class);

    private final CatchUp purges;
    private final Runnable caughtUp;
    private final Duration maxDisconnected;
    private volatile Instant disconnectedSince;
    private volatile boolean catchingUp;

    /** Fired each time the node is back in touch and has caught up (at start, and after every cut). */
    public record CaughtUp() {}

    @Inject
    public PurgeHorizon(PurgeLog purges, ClusterConfig config, InstantSource clock, Event<CaughtUp> caughtUp) {
        this(purges, config.maxDisconnected(), clock.instant(), () -> caughtUp.fire(new CaughtUp()));
    }

    /** Until the first catch-up, the node counts as cut off since {@code start}. */
    PurgeHorizon(CatchUp purges, Duration maxDisconnected, Instant start, Runnable caughtUp) {
        this.caughtUp = caughtUp;
        this.purges = purges;
        this.maxDisconnected = maxDisconnected;
        this.disconnectedSince = start;
    }

    @Override
    public boolean trusted(Instant now) {
        Instant since = disconnectedSince;
        return !catchingUp && (since == null || now.isBefore(since.plus(maxDisconnected)));
    }

    /** What the last ping found. */
    void reachable(boolean answered, Instant now) {
        if (!answered) {
            if (disconnectedSince == null) {
                disconnectedSince = now;
            }
            return;
        }
        if (disconnectedSince != null && !catchingUp) {
            catchingUp = true;
            purges.catchUp().whenComplete((applied, failure) -> {
                if (failure == null) {
                    disconnectedSince = null;
                    LOG.infof("caught up with the cluster's purge log (%d purges read)", applied);
                    caughtUp.run();
                } else {
                    LOG.warnf("could not read the cluster's purge log yet: %s", failure.getMessage());
                }
                catchingUp = false;
            });
        }
    }
}
