package io.geotier.geodns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Path> reported = new LinkedBlockingQueue<>();

    private FileWatcher watch(Path... files) throws Exception {
        return new FileWatcher(List.of(files), Duration.ofMillis(100), reported::add);
    }

    @Test
    void fileRenamedIntoPlaceIsReportedOnceAndNeighboursAreNot() throws Exception {
        Path zone = Files.writeString(dir.resolve("zone"), "one");
        try (FileWatcher watcher = watch(zone)) {
            Path next = Files.writeString(dir.resolve("zone.new"), "two, longer");
            Files.move(next, zone, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(zone, reported.poll(5, TimeUnit.SECONDS));
            Files.writeString(dir.resolve("unrelated.txt"), "x");
            assertNull(reported.poll(500, TimeUnit.MILLISECONDS), "a neighbour changed, not the zone");
        }
    }

    @Test
    void fileWrittenInStepsIsReportedOnceItIsQuiet() throws Exception {
        Path zone = Files.writeString(dir.resolve("zone"), "one");
        try (FileWatcher watcher = watch(zone)) {
            for (int i = 0; i < 5; i++) {
                Files.writeString(zone, "part " + i + "\n", java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(20);
            }
            assertEquals(zone, reported.poll(5, TimeUnit.SECONDS));
            assertNull(reported.poll(500, TimeUnit.MILLISECONDS), "once");
        }
    }

    /** How Kubernetes updates a mounted ConfigMap: a new directory, then ..data swapped to it. */
    @Test
    void configMapStyleSymlinkSwapIsReported() throws Exception {
        Files.createDirectory(dir.resolve("v1"));
        Files.writeString(dir.resolve("v1/zone"), "one");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("v1"));
        Path zone = Files.createSymbolicLink(dir.resolve("zone"), Path.of("..data/zone"));
        try (FileWatcher watcher = watch(zone)) {
            Files.createDirectory(dir.resolve("v2"));
            Files.writeString(dir.resolve("v2/zone"), "two");
            Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("v2"));
            Files.move(
                    swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(zone, reported.poll(5, TimeUnit.SECONDS));
            assertEquals("two", Files.readString(zone));
        }
    }
}
