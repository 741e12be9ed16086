package io.geotier.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.store.Purge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeLagTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    private Instant now = START;
    private final InstantSource clock = () -> now;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path store;

    @Test
    void aPurgeIsCountedOnceWhenItArrivesAndHistoryIsNotLateness() throws Exception {
        PendingPurges pending = new PendingPurges(store);
        PurgeLag lag = new PurgeLag(registry, clock, Duration.ofHours(1), pending::view);
        Purge old = Purge.issue(Purge.Kind.KEY, "a", false, START.minusSeconds(600));
        Purge fresh = Purge.issue(Purge.Kind.KEY, "b", false, START.plusSeconds(1));
        now = START.plusMillis(1_250);

        lag.arrived(old); // retained history handed over at start
        lag.arrived(fresh);
        now = START.plusSeconds(30);
        lag.arrived(fresh); // handed over again after a reconnection

        var arrival = registry.get("geotier.purge.arrival").timer();
        assertEquals(1, arrival.count());
        assertEquals(250, arrival.totalTime(TimeUnit.MILLISECONDS), 0.001);
    }

    @Test
    void theOldestUnsharedPurgesAgeIsReportedUntilItIsShared() throws Exception {
        PendingPurges pending = new PendingPurges(store);
        new PurgeLag(registry, clock, Duration.ofHours(1), pending::view);
        assertEquals(0, registry.get("geotier.purges.unshared").gauge().value());
        assertEquals(
                0, registry.get("geotier.purges.unshared.oldest.age").gauge().value());

        Purge first = Purge.issue(Purge.Kind.PREFIX, "media/", false, START);
        pending.add(first);
        pending.add(Purge.issue(Purge.Kind.KEY, "c", false, START.plusSeconds(5)));
        now = START.plusSeconds(42);
        assertEquals(2, registry.get("geotier.purges.unshared").gauge().value());
        assertEquals(
                42, registry.get("geotier.purges.unshared.oldest.age").gauge().value());

        pending.remove(first);
        assertEquals(
                37, registry.get("geotier.purges.unshared.oldest.age").gauge().value());
        assertEquals(true, Files.exists(store.resolve("pending-purges")));
    }
}
