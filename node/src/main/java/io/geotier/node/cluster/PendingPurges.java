package io.geotier.node.cluster;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.node.store.Purge;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Purges this node applied but could not share yet, kept on disk beside the store
 * ({@code pending-purges}, one encoded purge a line) so that a node that crashes while its
 * cluster is away still shares them when it starts again. Rewritten whole, through a temporary
 * file, fsync and rename, on every change: the file is either the old list or the new one.
 */
final class PendingPurges {

    private final Path file;

    @GuardedBy("this")
    private final Set<String> pending = new LinkedHashSet<>();

    PendingPurges(Path storeRoot) {
        this.file = storeRoot.resolve("pending-purges");
    }

    /** The purges a previous run left unshared. */
    synchronized List<Purge> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Purge> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                loaded.add(Purge.decode(line));
                pending.add(line);
            }
        }
        return loaded;
    }

    synchronized void add(Purge purge) throws IOException {
        if (pending.add(purge.encode())) {
            save();
        }
    }

    synchronized void remove(Purge purge) throws IOException {
        if (pending.remove(purge.encode())) {
            save();
        }
    }

    /** How many wait, and since when the oldest was issued. */
    synchronized PurgeLag.UnsharedView view() {
        java.util.Optional<java.time.Instant> oldest =
                pending.stream().map(e -> Purge.decode(e).issuedAt()).min(java.time.Instant::compareTo);
        return new PurgeLag.UnsharedView(pending.size(), oldest);
    }

    @GuardedBy("this")
    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap((String.join("\n", pending) + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
