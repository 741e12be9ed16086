package io.geotier.geodns.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geotier.registry.NodeEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The registry as geodns last read it, kept in a file so that a geodns restarted while its site
 * is away still knows the nodes (it probes each before answering with it, so a node that went
 * away meanwhile is not answered). Written whole to a temporary file and renamed over the old
 * one: a crash leaves the old view or the new one, never part of either.
 */
public final class LastView {

    private static final Logger LOG = Logger.getLogger(LastView.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file's form: plain lists, so it reads back whatever order it was written in. */
    record Saved(List<NodeEntry> entries, List<String> drained) {}

    private final Path file;

    public LastView(Path file) {
        this.file = file;
    }

    /** The view saved last; empty when there is none or it cannot be read (said in the log). */
    public Optional<RegistryFollower.View> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Saved saved = JSON.readValue(file.toFile(), Saved.class);
            Map<String, NodeEntry> entries = saved.entries().stream()
                    .filter(e -> e != null && e.name() != null)
                    .collect(Collectors.toMap(NodeEntry::name, Function.identity(), (a, b) -> b));
            return Optional.of(new RegistryFollower.View(entries, java.util.Set.copyOf(saved.drained())));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the last registry view in %s cannot be read, starting without it: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the saved view; a failure is logged and leaves the older file. */
    public void save(RegistryFollower.View view) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] json = JSON.writeValueAsBytes(new Saved(
                    List.copyOf(view.entries().values()),
                    view.drained().stream().sorted().toList()));
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel out = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(json));
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the registry view cannot be saved to %s (the older one stays): %s", file, e.getMessage());
        }
    }
}
