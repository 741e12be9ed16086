package io.geotier.geodns.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
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
 * file would never see. A change is reported once the file has been quiet for a moment, so a
 * file written in several steps is read once, whole.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileWatcher.class);

    private final WatchService watcher;
    private final Map<Path, Path> fileByAbsolutePath = new HashMap<>();
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
        }
        for (Path directory : directories) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
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
                WatchKey key = pending.isEmpty() ? watcher.take() : watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    pending.forEach(this::report);
                    pending.clear();
                    continue;
                }
                Path directory = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        pending.addAll(fileByAbsolutePath.keySet()); // events were lost: look at everything
                    } else {
                        Path changed = directory.resolve((Path) event.context()).toAbsolutePath().normalize();
                        if (fileByAbsolutePath.containsKey(changed)) {
                            pending.add(changed);
                        }
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void report(Path absolute) {
        try {
            onChange.accept(fileByAbsolutePath.get(absolute));
        } catch (RuntimeException e) {
            LOG.errorf(e, "reacting to a change of %s failed", absolute);
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
