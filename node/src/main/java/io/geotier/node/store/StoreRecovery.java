package io.geotier.node.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Rebuilds the index from disk at start-up. Whatever moment the node was killed at, what remains
 * is: complete objects whose metadata names bytes of the recorded size (kept), metadata naming
 * missing or short bytes (deleted), bytes no metadata names (deleted), and tmp/ (emptied).
 */
final class StoreRecovery {

    private static final Logger LOG = Logger.getLogger(StoreRecovery.class);

    record Result(long objects, long bytes, long removed) {}

    private final StoreLayout layout;
    private long objects;
    private long bytes;
    private long removed;

    StoreRecovery(StoreLayout layout) {
        this.layout = layout;
    }

    Result run(Consumer<StoredObject> recovered) {
        try {
            emptyTmp();
            Set<Path> live = new HashSet<>();
            for (Path meta : files(layout.objects(), true)) {
                StoredObject object = validObject(meta);
                if (object != null) {
                    live.add(object.file());
                    objects++;
                    bytes += object.size();
                    recovered.accept(object);
                }
            }
            for (Path data : files(layout.objects(), false)) {
                if (!live.contains(data)) {
                    delete(data);
                }
            }
            return new Result(objects, bytes, removed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover store " + layout.root(), e);
        }
    }

    private StoredObject validObject(Path meta) throws IOException {
        try {
            StoredObject object = MetadataFile.read(meta);
            boolean matchesKey = layout.meta(object.key().hash()).equals(meta);
            if (matchesKey && Files.isRegularFile(object.file()) && Files.size(object.file()) == object.size()) {
                return object;
            }
            LOG.warnf("dropping %s: its bytes are missing, short or misplaced", meta);
        } catch (IOException e) {
            LOG.warnf("dropping %s: %s", meta, e.getMessage());
        }
        delete(meta);
        return null;
    }

    private void emptyTmp() throws IOException {
        for (Path leftover : list(layout.tmp())) {
            delete(leftover);
        }
    }

    private static List<Path> files(Path root, boolean metadata) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(StoreLayout.META_SUFFIX) == metadata)
                    .toList();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            removed++;
        }
    }
}
