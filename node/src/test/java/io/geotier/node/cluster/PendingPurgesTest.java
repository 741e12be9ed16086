package io.geotier.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.store.Purge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unshared purges outlive the process: what one run keeps, the next one loads. */
class PendingPurgesTest {

    @TempDir
    Path store;

    @Test
    void whatARunLeftUnsharedIsLoadedByTheNextAndSharedOnesAreGone() throws Exception {
        Instant at = Instant.parse("2026-12-02T12:00:00Z");
        Purge key = Purge.issue(Purge.Kind.KEY, "media/a b.mp3?v=2", false, at);
        Purge tag = Purge.issue(Purge.Kind.TAG, "show-7", true, at.plusSeconds(1));
        Purge shared = Purge.issue(Purge.Kind.PREFIX, "podcasts/", false, at.plusSeconds(2));
        PendingPurges before = new PendingPurges(store);
        before.add(key);
        before.add(tag);
        before.add(shared);
        before.remove(shared);

        List<Purge> after = new PendingPurges(store).load(); // as a restarted node reads them
        assertEquals(List.of(key, tag), after);
        assertEquals(List.of(), new PendingPurges(store.resolve("elsewhere")).load());
    }
}
