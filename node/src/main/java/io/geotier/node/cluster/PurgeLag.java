package io.geotier.node.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geotier.node.store.Purge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The two halves of "a purge reaches every region at once", as metrics: how long after it was
 * issued a purge reached this node ({@code geotier_purge_arrival_seconds}), and how many of this
 * node's own purges wait to be shared, and for how long ({@code geotier_purges_unshared},
 * {@code geotier_purges_unshared_oldest_age_seconds}).
 *
 * <p>Arrival is counted once per purge, and only for purges issued after this node began to
 * listen: the log's retained history, handed over again at every start and reconnection, is not
 * lateness. It is measured between two nodes' clocks, so NTP's skew (milliseconds) is in it.
 */
final class PurgeLag {

    private final InstantSource clock;
    private final Instant listeningSince;
    private final Timer arrival;
    /** Purges already counted: the log hands a purge over again after each reconnection. */
    private final Cache<String, Boolean> counted;
    /** Held here: a gauge keeps only a weak reference to what it reads. */
    private final Supplier<UnsharedView> unshared;

    PurgeLag(MeterRegistry registry, InstantSource clock, Duration retention, Supplier<UnsharedView> unshared) {
        this.clock = clock;
        this.listeningSince = clock.instant();
        this.unshared = unshared;
        this.counted = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(retention)
                .build();
        this.arrival = Timer.builder("geotier.purge.arrival")
                .description("time from a purge's issue on any node to its application here")
                .register(registry);
        Gauge.builder("geotier.purges.unshared", this, l -> l.unshared.get().count())
                .description("purges applied here that the cluster has not taken yet (retried every second)")
                .register(registry);
        Gauge.builder(
                        "geotier.purges.unshared.oldest.age",
                        this,
                        l -> l.unshared
                                .get()
                                .oldest()
                                .map(t -> Math.max(
                                                0,
                                                Duration.between(t, clock.instant())
                                                        .toMillis())
                                        / 1000.0)
                                .orElse(0.0))
                .baseUnit("seconds")
                .description("how long the oldest purge not yet shared has waited, 0 when none waits")
                .register(registry);
    }

    /** A purge came from the cluster's log and was applied. */
    void arrived(Purge purge) {
        if (purge.issuedAt().isBefore(listeningSince)
                || counted.asMap().putIfAbsent(purge.id(), Boolean.TRUE) != null) {
            return;
        }
        Duration late = Duration.between(purge.issuedAt(), clock.instant());
        arrival.record(late.isNegative() ? Duration.ZERO : late);
    }

    /** What waits to be shared: how many, and the issue time of the oldest. */
    record UnsharedView(int count, Optional<Instant> oldest) {}
}
