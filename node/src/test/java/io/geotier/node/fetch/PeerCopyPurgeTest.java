package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.Purge;
import io.geotier.node.store.StoredObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A copy filled from another node is judged by when that node got it, not by when this node
 * asked: a node that has applied a purge and then fills from a peer that has not yet must not keep
 * the peer's older copy (bench/soak: a purged object one version behind on one node, for good).
 * The peer's Age tells how long it has held the bytes.
 */
class PeerCopyPurgeTest {

    private static final String KEY = "media/p.bin";
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @TempDir
    Path dir;

    /**
     * A peer's copy from before the purge is not taken at all: the origin is asked instead, so the
     * request that missed gets the new version too (it used to stream the peer's old bytes and only
     * the store kept them out).
     */
    @ParameterizedTest(name = "peer's Age {0} s, purge {1} s ago -> peer's copy kept {2}")
    @CsvSource({"60, 10, false", "0, 10, true", "5, 30, true"})
    void aPeerCopyOlderThanAPurgeIsNotKept(int age, int purgedSecondsAgo, boolean kept) throws Exception {
        ObjectStore store = new ObjectStore(dir, 1 << 20);
        store.apply(Purge.issue(Purge.Kind.KEY, KEY, false, NOW.minusSeconds(purgedSecondsAgo)), NOW);
        fill(store, age);
        assertEquals(
                kept ? 1000 : 2000, store.find(new ObjectKey(KEY)).orElseThrow().size());
    }

    /**
     * Defect (fault soak): a node copied a peer's old bytes before it heard of the purge (its
     * site was away); the copy counted as stored "after" the purge and survived it, and other
     * nodes copied it back from there. It is as old as the peer's own fetch, and the purge takes it.
     */
    @org.junit.jupiter.api.Test
    void aPurgeHeardAfterAPeerCopyTakesItWhenThePeersFetchPredatesIt() throws Exception {
        ObjectStore store = new ObjectStore(dir, 1 << 20);
        fill(store, 20);
        StoredObject copy = store.find(new ObjectKey(KEY)).orElseThrow();
        assertEquals(NOW.minusSeconds(21), copy.storedAt(), "as old as the peer's copy, a second to spare");
        assertEquals(0, store.apply(Purge.issue(Purge.Kind.KEY, KEY, false, NOW.minusSeconds(30)), NOW));
        assertEquals(1, store.apply(Purge.issue(Purge.Kind.KEY, KEY, false, NOW.minusSeconds(10)), NOW));
    }

    private void fill(ObjectStore store, int peerAge) throws Exception {
        ScriptedOrigin peer = new ScriptedOrigin();
        peer.answer(KEY, 200, Map.of("Age", Integer.toString(peerAge), "Cache-Control", "max-age=600"), new byte[1000]);
        ScriptedOrigin origin = new ScriptedOrigin();
        origin.answer(KEY, 200, Map.of("Cache-Control", "max-age=600"), new byte[2000]);
        InstantSource clock = () -> NOW;
        Filler filler = new Filler(
                store,
                origin,
                (key, q) -> Optional.of(peer.get(key, q, Map.of())),
                ObjectCatalog.NONE,
                new ExpiryPolicy(Duration.ofMinutes(1), Duration.ZERO, Map.of()),
                2,
                new SimpleMeterRegistry(),
                clock);
        try (FillLease lease = filler.fill(new ObjectKey(KEY), null, null)) {
            lease.fill().done().get(10, TimeUnit.SECONDS);
        } finally {
            filler.stop();
        }
    }
}
