package io.geotier.node.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A node's store as it holds more objects: for each count, writes that many small objects in the
 * store's on-disk layout (as a node would have left them), then measures what a node pays for them
 * at start-up: recovery time, heap and RSS per object, and the index's lookups (every key found,
 * how fast). Prints a Markdown table row per count.
 *
 * <p>usage: StoreScale WORK_DIR N [N ...]   (bench/scale/run passes 10000 100000 1000000)
 */
public final class StoreScale {

    private static final int OBJECT_BYTES = 512;

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        System.out.println(
                "| objects | write the files s | recovery (start-up) s | heap per object B | RSS per object B"
                        + " | index lookups/s | found |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 1; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            Path root = work.resolve("store-" + n);
            long t0 = System.nanoTime();
            ObjectKey[] keys = populate(root, n);
            double written = (System.nanoTime() - t0) / 1e9;
            row(root, keys, written);
            delete(root);
        }
    }

    private static void row(Path root, ObjectKey[] keys, double written) {
        long heap0 = usedHeap();
        long rss0 = rss();
        long t0 = System.nanoTime();
        ObjectStore store = new ObjectStore(root, (long) keys.length * OBJECT_BYTES * 4);
        double recovery = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeap() - heap0;
        long rss = rss() - rss0;
        long found = 0;
        long l0 = System.nanoTime();
        for (ObjectKey key : keys) {
            found += store.find(key).isPresent() ? 1 : 0;
        }
        double lookups = keys.length / ((System.nanoTime() - l0) / 1e9);
        if (found != keys.length) {
            throw new IllegalStateException("recovery lost " + (keys.length - found) + " objects");
        }
        System.out.printf(
                "| %,d | %.1f | %.2f | %d | %d | %,.0f | %.4f |%n",
                keys.length,
                written,
                recovery,
                heap / keys.length,
                rss / keys.length,
                lookups,
                (double) found / keys.length);
    }

    /** n objects as a node leaves them: bytes then metadata naming them, in the sharded layout. */
    private static ObjectKey[] populate(Path root, int n) throws IOException {
        StoreLayout layout = new StoreLayout(root);
        byte[] bytes = new byte[OBJECT_BYTES];
        ObjectKey[] keys = new ObjectKey[n];
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofDays(7));
        for (int i = 0; i < n; i++) {
            ObjectKey key = new ObjectKey("episodes/" + i + ".mp3");
            keys[i] = key;
            Path data = layout.data(key.hash(), UUID.randomUUID().toString());
            try {
                Files.createDirectories(data.getParent());
                Files.write(data, bytes);
                StoredObject object = new StoredObject(
                        key, data, bytes.length, "\"v" + i + "\"", "audio/mpeg", now, now, expires, expires, expires);
                MetadataFile.write(object, layout.meta(key.hash()), false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return keys;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst()
                    .orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
