package io.geotier.node.fetch;

import static io.geotier.node.TestObjects.originBytes;
import static io.geotier.node.TestObjects.originFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.RawHttp;
import io.geotier.node.TestObjects;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's byte budget (64 MiB in tests) under bursts of large misses and bodies of unknown length. */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class BudgetTest {

    private static final long BUDGET = 64L << 20;
    /** Metadata files sit beside the objects outside the budget, which counts bodies. */
    private static final long METADATA_SLACK = 256L << 10;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectStore store;

    @Inject
    Filler filler;

    @AfterEach
    void wellBehavedOrigin() throws InterruptedException {
        NodeTestCluster.origin().faults().clear();
        TestObjects.awaitTrue("no fill in flight", () -> filler.fillsInFlight() == 0);
    }

    @Test
    void burstOfLargeMissesNeverTakesMoreDiskThanTheBudget() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(originFile(12 << 20)); // 96 MiB in all, against 64 MiB
        }
        NodeTestCluster.origin().faults().throttle(30_000_000);
        AtomicLong mostOnDisk = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (!answered.get() || filler.fillsInFlight() > 0) {
                mostOnDisk.accumulateAndGet(bytesOnDisk(), Math::max);
                long used = store.usedBytes();
                assertTrue(used <= BUDGET, "stored + reserved within budget: " + used);
            }
        });
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (String key : keys) {
            responses.add(RawHttp.getAsync(base, key));
        }
        Set<String> statuses = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            HttpResponse<byte[]> response = responses.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertArrayEquals(originBytes(keys.get(i)), response.body(), keys.get(i));
            statuses.add(RawHttp.cache(response));
        }
        answered.set(true);
        watcher.get(60, TimeUnit.SECONDS);
        assertTrue(mostOnDisk.get() <= BUDGET, "at most " + BUDGET + " bytes on disk, saw " + mostOnDisk.get());
        assertTrue(statuses.contains("BYPASS") || store.evictions() > 0, "the burst did not fit: " + statuses);
        for (String key : keys) {
            Files.delete(NodeTestCluster.origin().root().resolve(key));
        }
    }

    @Test
    void bodyOfUnknownLengthIsStoredWhenItFits() throws Exception {
        String key = originFile(3 << 20);
        NodeTestCluster.origin().faults().chunked(key);
        HttpResponse<byte[]> first = RawHttp.get(base, key);
        assertEquals(200, first.statusCode());
        assertArrayEquals(originBytes(key), first.body());
        TestObjects.awaitStored(store, key);
        assertEquals(3 << 20, store.find(new ObjectKey(key)).orElseThrow().size());
        assertEquals(0, store.reservedBytes(), "the room taken step by step went to the object");
    }

    @Test
    void bodyOfUnknownLengthBeyondTheBudgetNeverWritesPastItAndIsThenPassedWhole() throws Exception {
        String key = originFile(80 << 20);
        NodeTestCluster.origin().faults().chunked(key);
        AtomicLong mostOnDisk = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<Void> watcher = samplePeak(mostOnDisk, answered);
        try {
            HttpResponse<byte[]> first = RawHttp.get(base, key);
            // The fill stops where the budget does; its client sees a cut, never a short body as whole.
            assertEquals(200, first.statusCode());
            assertArrayEquals(originBytes(key), first.body());
        } catch (IOException cut) {
            // expected: the first client's body is cut at the budget
        }
        TestObjects.awaitTrue("fill ended", () -> filler.fillsInFlight() == 0);
        answered.set(true);
        watcher.get(60, TimeUnit.SECONDS);
        assertTrue(
                mostOnDisk.get() <= BUDGET + METADATA_SLACK,
                "at most " + BUDGET + " bytes on disk, saw " + mostOnDisk.get());
        assertEquals(0, store.reservedBytes(), "a fill that could not be stored gave its room back");

        HttpResponse<byte[]> second = RawHttp.get(base, key);
        assertEquals(200, second.statusCode());
        assertEquals("BYPASS", RawHttp.cache(second), "later requests stream from the origin");
        assertArrayEquals(originBytes(key), second.body());
        assertTrue(store.find(new ObjectKey(key)).isEmpty());
        Files.delete(NodeTestCluster.origin().root().resolve(key));
    }

    @Test
    void bodyTheOriginForbidsStoringIsNeverWrittenToDisk() throws Exception {
        String key = originFile(80 << 20);
        NodeTestCluster.origin().faults().chunked(key).headers(key, java.util.Map.of("Cache-Control", "no-store"));
        AtomicLong mostOnDisk = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<Void> watcher = samplePeak(mostOnDisk, answered);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> response = RawHttp.get(base, key);
            assertEquals(200, response.statusCode());
            assertEquals("BYPASS", RawHttp.cache(response));
            assertArrayEquals(originBytes(key), response.body());
        }
        answered.set(true);
        watcher.get(60, TimeUnit.SECONDS);
        assertTrue(mostOnDisk.get() < 1 << 20, "no-store body written to disk: " + mostOnDisk.get() + " bytes");
        assertEquals(0, store.reservedBytes());
        assertTrue(store.find(new ObjectKey(key)).isEmpty());
        Files.delete(NodeTestCluster.origin().root().resolve(key));
    }

    /** Samples the bytes on disk into {@code peak} until {@code done}, on a thread of its own. */
    private CompletableFuture<Void> samplePeak(AtomicLong peak, AtomicBoolean done) {
        return CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(bytesOnDisk(), Math::max);
            }
        });
    }

    /**
     * Every byte of object bodies and fills in progress under the store's root (objects/ and tmp/);
     * not the metadata beside them (as many files as the earlier tests stored), nor the store's own logs (evictions, pending purges), whose
     * size depends on what other tests did before.
     */
    private long bytesOnDisk() {
        try (Stream<Path> files = Files.walk(store.root())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.startsWith(store.root().resolve("objects"))
                            || f.startsWith(store.root().resolve("tmp")))
                    .filter(f ->
                            !f.getFileName().toString().endsWith(".meta")) // outside the budget, which counts bodies
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // renamed or removed while walking
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a directory vanished while walking; the next sample sees the store again
        }
    }
}
