package io.geotier.geodns.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Tells which of some files changed. Watches their directories, not the files, because tools
 * such as geoipupdate replace a file by renaming a new one over it, which a watch on the old
 * file would never see; and any event in a directory makes every watched file in it a suspect,
 * because Kubernetes updates a mounted ConfigMap by swapping a symbolic link ({@code ..data})
 * that the files' own links go through. A suspect is reported once the directory has been quiet
 * for a moment (a file written in several steps is read once, whole), and only if what it
 * resolves to, its size or its modification time differ from when it was last seen.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileWatcher.class);

    private final WatchService watcher;
    private final Map<Path, Path> fileByAbsolutePath = new HashMap<>();
    private final Map<Path, String> lastSeen = new HashMap<>();
    private final Duration quiet;
    private final Consumer<Path> onChange;
    private final Thread thread;

    /** @param onChange called on the watcher's thread with the changed file, as configured */
    public FileWatcher(List<Path> files, Duration quiet, Consumer<Path> onChange) throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.quiet = quiet;
        this.onChange = onChange;
        Set<Path> directories = new HashSet<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            fileByAbsolutePath.put(absolute, file);
            directories.add(absolute.getParent());
            lastSeen.put(absolute, fingerprint(absolute));
        }
        for (Path directory : directories) {
            directory.register(
                    watcher,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.OVERFLOW);
        }
        this.thread = new Thread(this::run, "geodns-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Set<Path> pending = new HashSet<>();
        try {
            while (true) {
                WatchKey key =
                        pending.isEmpty() ? watcher.take() : watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    pending.forEach(this::report);
                    pending.clear();
                    continue;
                }
                Path directory = ((Path) key.watchable()).toAbsolutePath().normalize();
                if (!key.pollEvents().isEmpty()) {
                    fileByAbsolutePath.keySet().stream()
                            .filter(f -> f.getParent().equals(directory))
                            .forEach(pending::add);
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void report(Path absolute) {
        String now = fingerprint(absolute);
        if (now.equals(lastSeen.put(absolute, now))) {
            return; // something else in the directory changed
        }
        try {
            onChange.accept(fileByAbsolutePath.get(absolute));
        } catch (RuntimeException e) {
            LOG.errorf(e, "reacting to a change of %s failed", absolute);
        }
    }

    /** What the path resolves to: its file (inode), size and modification time; "missing" when nothing. */
    private static String fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file.toRealPath(), BasicFileAttributes.class);
            return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime();
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
