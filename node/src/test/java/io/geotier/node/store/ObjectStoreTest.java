package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {

    @TempDir
    Path root;

    private static StoredObject described(ObjectKey key) {
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofHours(1));
        return new StoredObject(key, null, 0, "\"v1\"", "audio/mpeg", now, now, expires, expires, expires);
    }

    private static StoredObject put(ObjectStore store, String key, byte[] bytes) throws IOException {
        try (Fill fill = store.begin(new ObjectKey(key))) {
            fill.write(ByteBuffer.wrap(bytes));
            return store.commit(fill, described(new ObjectKey(key)), 0);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void committedObjectIsFoundWithItsBytesInAShardDirectory() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject stored = put(store, "a/b.mp3", new byte[] {1, 2, 3});
        StoredObject found = store.find(new ObjectKey("a/b.mp3")).orElseThrow();
        assertEquals(stored, found);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(found.file()));
        String hash = new ObjectKey("a/b.mp3").hash();
        assertEquals(
                root.resolve("objects").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)),
                found.file().getParent());
        assertEquals(3, store.sizeBytes());
        assertEquals(1, store.objectCount());
    }

    @Test
    void uncommittedFillIsInvisibleAndAbortLeavesNothing() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        Fill fill = store.begin(new ObjectKey("x"));
        fill.write(ByteBuffer.wrap(new byte[100]));
        assertTrue(store.find(new ObjectKey("x")).isEmpty());
        fill.abort();
        assertEquals(List.of(), files());
    }

    @Test
    void restartRecoversCompleteObjectsAndRemovesEveryLeftover() throws IOException {
        ObjectStore first = new ObjectStore(root, 1 << 20);
        put(first, "kept", new byte[] {7, 7});
        StoredObject truncated = put(first, "truncated", new byte[] {1, 2, 3, 4});
        Files.write(truncated.file(), new byte[] {1}); // bytes shorter than the metadata says
        Fill interrupted = first.begin(new ObjectKey("interrupted"));
        interrupted.write(ByteBuffer.wrap(new byte[50])); // a fill the crash cut short
        Path orphan = first.find(new ObjectKey("kept")).orElseThrow().file().resolveSibling("deadbeef-orphan");
        Files.write(orphan, new byte[] {9}); // bytes renamed into place, metadata never written

        ObjectStore second = new ObjectStore(root, 1 << 20);
        assertArrayEquals(
                new byte[] {7, 7},
                Files.readAllBytes(
                        second.find(new ObjectKey("kept")).orElseThrow().file()));
        assertTrue(second.find(new ObjectKey("truncated")).isEmpty());
        assertTrue(second.find(new ObjectKey("interrupted")).isEmpty());
        assertFalse(Files.exists(orphan));
        assertEquals(2, files().size(), "only kept's bytes and metadata remain");
        assertEquals(2, second.sizeBytes());
    }

    @Test
    void replacingAnObjectDeletesTheOldBytes() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject v1 = put(store, "k", new byte[] {1});
        StoredObject v2 = put(store, "k", new byte[] {2, 2});
        assertFalse(Files.exists(v1.file()));
        assertArrayEquals(new byte[] {2, 2}, Files.readAllBytes(v2.file()));
        assertEquals(2, store.sizeBytes());
        assertEquals(2, files().size());
    }

    @Test
    void budgetIsHeldByEvictingAndDeletingObjects() throws IOException {
        long budget = 64 * 1024;
        ObjectStore store = new ObjectStore(root, budget);
        for (int i = 0; i < 20; i++) {
            put(store, "obj-" + i, new byte[16 * 1024]);
        }
        store.find(new ObjectKey("obj-0")); // lets Caffeine run its maintenance
        assertTrue(store.sizeBytes() <= budget, "stored " + store.sizeBytes() + " > budget " + budget);
        long dataBytes = files().stream()
                .filter(p -> !p.toString().endsWith(".meta"))
                .mapToLong(p -> p.toFile().length())
                .sum();
        assertEquals(store.sizeBytes(), dataBytes, "evicted objects' files are gone from disk");
    }

    @Test
    void reservationEvictsFirstAndRefusesWhatCannotFit() throws IOException {
        ObjectStore store = new ObjectStore(root, 64 * 1024);
        for (int i = 0; i < 4; i++) {
            put(store, "old-" + i, new byte[16 * 1024]);
        }
        assertTrue(store.reserve(40 * 1024), "room is made by evicting");
        assertTrue(store.sizeBytes() + store.reservedBytes() <= 64 * 1024);
        assertTrue(store.evictions() >= 2);
        assertFalse(store.reserve(30 * 1024), "40 KiB reserved + 30 KiB > 64 KiB");
        store.release(40 * 1024);
        assertFalse(store.reserve(65 * 1024), "larger than the whole budget");
        assertTrue(store.reserve(64 * 1024));
    }

    @Test
    void committingAReservedFillTurnsTheReservationIntoTheObject() throws IOException {
        ObjectStore store = new ObjectStore(root, 64 * 1024);
        assertTrue(store.reserve(10));
        try (Fill fill = store.begin(new ObjectKey("r"))) {
            fill.write(ByteBuffer.wrap(new byte[10]));
            store.commit(fill, described(new ObjectKey("r")), 10);
        }
        assertEquals(0, store.reservedBytes());
        assertEquals(10, store.sizeBytes());
    }

    @Test
    void freeSpaceFloorCapsTheBudget() throws IOException {
        ObjectStore store = new ObjectStore(root, 1L << 40, 100);
        assertFalse(store.reserve(1), "a floor of 100% leaves no room whatever the budget");
    }

    @Test
    void refreshKeepsTheBytesAndSurvivesARestart() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject stored = put(store, "k", new byte[] {4, 2});
        Instant later = Instant.now().plus(Duration.ofDays(1));
        store.refresh(stored.refreshed(Instant.now(), later, later, later));
        assertTrue(Files.exists(stored.file()), "a 304 refresh keeps the bytes");
        assertEquals(later, store.find(new ObjectKey("k")).orElseThrow().expiresAt());
        assertEquals(2, store.sizeBytes());
        assertEquals(
                later,
                new ObjectStore(root, 1 << 20)
                        .find(new ObjectKey("k"))
                        .orElseThrow()
                        .expiresAt());
    }

    @Test
    void purgeTagsAndTheUploadedFileNameAreKeptAcrossARefreshAndARestart() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject stored;
        try (Fill fill = store.begin(new ObjectKey("k"))) {
            fill.write(ByteBuffer.wrap(new byte[] {1}));
            stored = store.commit(
                    fill,
                    described(new ObjectKey("k"))
                            .withTags(java.util.Set.of("show-1", "ep-2"))
                            .withFileName("Episode 2.mp3"),
                    0);
        }
        Instant later = Instant.now().plus(Duration.ofDays(1));
        store.refresh(stored.refreshed(Instant.now(), later, later, later));
        StoredObject reopened =
                new ObjectStore(root, 1 << 20).find(new ObjectKey("k")).orElseThrow();
        assertEquals(java.util.Set.of("show-1", "ep-2"), reopened.tags());
        assertEquals("Episode 2.mp3", reopened.fileName());
        assertEquals(List.of(new ObjectKey("k")), store.keysTagged("ep-2"));
        assertEquals(java.util.Set.of("a", "b", "c"), StoredObject.parseTags(" a,b  c,,"));
    }

    @Test
    void aRefreshOfAVersionEvictedMeanwhilePutsNothingBack() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject stored = put(store, "k", new byte[] {4, 2});
        store.remove(new ObjectKey("k")); // evicted (its files deleted) while the 304 was in flight
        Instant later = Instant.now().plus(Duration.ofDays(1));
        assertTrue(store.refresh(stored.refreshed(Instant.now(), later, later, later))
                .isEmpty());
        assertTrue(store.find(new ObjectKey("k")).isEmpty(), "no entry naming deleted bytes");
        assertEquals(0, store.sizeBytes());
        assertTrue(new ObjectStore(root, 1 << 20).find(new ObjectKey("k")).isEmpty(), "nor after a restart");
    }

    @Test
    void aRefreshOfAnOlderVersionLeavesTheNewerOne() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoredObject old = put(store, "k", new byte[] {1});
        StoredObject newer = put(store, "k", new byte[] {2, 3});
        Instant later = Instant.now().plus(Duration.ofDays(1));
        assertTrue(
                store.refresh(old.refreshed(Instant.now(), later, later, later)).isEmpty());
        assertEquals(newer.file(), store.find(new ObjectKey("k")).orElseThrow().file());
    }

    @Test
    void storeThatCannotBeWrittenIsNotReady() throws IOException {
        ObjectStore store = new ObjectStore(root, 1 << 20);
        StoreWritableCheck check = new StoreWritableCheck(store);
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        Files.delete(root.resolve("tmp"));
        Files.write(root.resolve("tmp"), new byte[0]); // tmp/ is now a file: nothing can be created in it
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
    }
}
