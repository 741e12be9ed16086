package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge that lands while the object is being fetched: the fill asked the origin before the purge
 * and commits after it, when the purge found nothing to take. The purge must still win.
 */
class PurgeWhileFillingTest {

    private static final Instant ASKED = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path root;

    private StoredObject fill(ObjectStore store, String key, Set<String> tags, Purge during) throws IOException {
        ObjectKey k = new ObjectKey(key);
        try (Fill fill = store.begin(k, ASKED)) {
            fill.write(ByteBuffer.wrap(new byte[100]));
            if (during != null) {
                assertEquals(0, store.apply(during, during.issuedAt()), "nothing stored yet to take");
            }
            Instant committed = ASKED.plusSeconds(5);
            return store.commit(
                    fill,
                    new StoredObject(
                                    k,
                                    null,
                                    0,
                                    "\"v\"",
                                    null,
                                    null,
                                    committed,
                                    committed.plus(Duration.ofHours(1)),
                                    committed.plus(Duration.ofHours(1)),
                                    committed.plus(Duration.ofHours(2)))
                            .withTags(tags),
                    0);
        }
    }

    private long dataFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve("objects"))) {
            return walk.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".meta"))
                    .count();
        }
    }

    @Test
    void aHardPurgeIssuedDuringTheFetchKeepsTheCopyOut() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        fill(store, "a/x.bin", Set.of(), Purge.issue(Purge.Kind.KEY, "a/x.bin", false, ASKED.plusSeconds(1)));
        assertTrue(store.find(new ObjectKey("a/x.bin")).isEmpty());
        assertEquals(0, dataFiles(), "its bytes are not left behind");
        assertEquals(0, store.usedBytes(), "its reservation is given back");
    }

    /**
     * Defect (fault soak): a purge issued while the fetch ran but heard only after the commit (the
     * node's site was down) found the copy "stored after it" and left it, so the old bytes stayed.
     */
    @Test
    void aHardPurgeIssuedDuringTheFetchAndHeardAfterTheCommitStillTakesTheCopy() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        fill(store, "a/late.bin", Set.of(), null);
        assertEquals(
                ASKED, store.find(new ObjectKey("a/late.bin")).orElseThrow().storedAt(), "current as of the ask");
        assertEquals(
                1,
                store.apply(
                        Purge.issue(Purge.Kind.KEY, "a/late.bin", false, ASKED.plusSeconds(1)), ASKED.plusSeconds(60)));
        assertTrue(store.find(new ObjectKey("a/late.bin")).isEmpty());
        fill(store, "a/late.bin", Set.of(), null);
        assertEquals(
                0,
                store.apply(
                        Purge.issue(Purge.Kind.KEY, "a/late.bin", false, ASKED.minusSeconds(1)), ASKED.plusSeconds(60)),
                "a purge from before the ask leaves the copy");
    }

    @Test
    void aPeersCopyFromBeforeAPurgeAppliedHereIsRecognised() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        store.apply(Purge.issue(Purge.Kind.TAG, "show-7", false, ASKED), ASKED);
        ObjectKey key = new ObjectKey("other/ep.mp3");
        assertTrue(store.purgedSince(key, Set.of("show-7"), ASKED.minusSeconds(1)));
        assertFalse(store.purgedSince(key, Set.of("show-7"), ASKED.plusSeconds(1)), "copied after the purge");
        assertFalse(store.purgedSince(key, Set.of(), ASKED.minusSeconds(1)), "not covered");
        store.apply(Purge.issue(Purge.Kind.KEY, "other/ep.mp3", true, ASKED), ASKED);
        assertFalse(store.purgedSince(key, Set.of(), ASKED.minusSeconds(1)), "a soft purge lets the copy in, stale");
    }

    @Test
    void prefixAndTagPurgesCountToo() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        fill(store, "show/ep1.mp3", Set.of(), Purge.issue(Purge.Kind.PREFIX, "show/", false, ASKED.plusSeconds(1)));
        fill(
                store,
                "other/ep2.mp3",
                Set.of("show-7"),
                Purge.issue(Purge.Kind.TAG, "show-7", false, ASKED.plusSeconds(2)));
        assertTrue(store.find(new ObjectKey("show/ep1.mp3")).isEmpty());
        assertTrue(store.find(new ObjectKey("other/ep2.mp3")).isEmpty());
    }

    @Test
    void aSoftPurgeIssuedDuringTheFetchLeavesTheCopyStale() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        fill(store, "a/y.bin", Set.of(), Purge.issue(Purge.Kind.KEY, "a/y.bin", true, ASKED.plusSeconds(1)));
        StoredObject kept = store.find(new ObjectKey("a/y.bin")).orElseThrow();
        assertFalse(kept.isFresh(ASKED.plusSeconds(6)), "revalidated at the next request");
    }

    @Test
    void purgesFromBeforeTheFetchOrOfOtherObjectsLeaveItAlone() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        store.apply(Purge.issue(Purge.Kind.KEY, "a/z.bin", false, ASKED.minusSeconds(1)), ASKED);
        fill(store, "a/z.bin", Set.of(), Purge.issue(Purge.Kind.KEY, "a/other.bin", false, ASKED.plusSeconds(1)));
        assertTrue(store.find(new ObjectKey("a/z.bin")).orElseThrow().isFresh(ASKED.plusSeconds(6)));
        ObjectStore uploads = new ObjectStore(root.resolve("u"), 1 << 20);
        try (Fill upload = uploads.begin(new ObjectKey("u.bin"))) {
            upload.write(ByteBuffer.wrap(new byte[10]));
            uploads.apply(Purge.issue(Purge.Kind.KEY, "u.bin", false, Instant.now()), Instant.now());
            Instant now = Instant.now();
            uploads.commit(
                    upload,
                    new StoredObject(
                            new ObjectKey("u.bin"),
                            null,
                            0,
                            null,
                            null,
                            null,
                            now,
                            now.plusSeconds(60),
                            now.plusSeconds(60),
                            now.plusSeconds(60)),
                    0);
        }
        assertTrue(uploads.find(new ObjectKey("u.bin")).isPresent(), "an upload is new content, not a fetch");
    }
}
