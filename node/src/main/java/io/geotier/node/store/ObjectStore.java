package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The objects this node holds on local disk, and the index of them.
 *
 * <p>The index is a Caffeine cache weighted by object size, bounded by the disk budget: Caffeine's
 * W-TinyLFU decides which objects are worth their bytes, and evicting an entry deletes its files.
 * Invariant: an object is served only if its metadata file exists, and metadata is written after
 * its bytes were fsynced and renamed into place (see {@link StoreLayout}).
 */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);
    private static final long KIB = 1024;

    private final StoreLayout layout;
    private final long budgetBytes;
    private final Cache<ObjectKey, StoredObject> index;
    private final AtomicLong storedBytes = new AtomicLong();

    @Inject
    public ObjectStore(StoreConfig config) {
        this(config.dir(), config.budget().asLongValue());
    }

    public ObjectStore(Path root, long budgetBytes) {
        this.layout = new StoreLayout(root.toAbsolutePath().normalize());
        this.budgetBytes = budgetBytes;
        // Weights are KiB so that objects up to 2 TiB fit Caffeine's int weights.
        this.index = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, budgetBytes / KIB))
                .weigher((ObjectKey key, StoredObject object) -> weightOf(object))
                .removalListener(this::onRemoval)
                .executor(Runnable::run)
                .build();
        try {
            Files.createDirectories(layout.objects());
            Files.createDirectories(layout.tmp());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store under " + layout.root(), e);
        }
        StoreRecovery.Result recovered = new StoreRecovery(layout).run(this::admit);
        LOG.infof("store %s: %d objects, %d bytes recovered; %d leftovers removed",
                layout.root(), recovered.objects(), recovered.bytes(), recovered.removed());
    }

    public Optional<StoredObject> find(ObjectKey key) {
        return Optional.ofNullable(index.getIfPresent(key)).filter(o -> Files.exists(o.file()));
    }

    /** Opens a new fill for the key; its bytes stay invisible until committed. */
    public Fill begin(ObjectKey key) throws IOException {
        String id = UUID.randomUUID().toString();
        Path tmp = layout.tmp().resolve(key.hash() + "-" + id);
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Fill(key, id, tmp, channel);
    }

    /**
     * Makes a fill durable and visible: fsync the bytes, rename them into their shard, write the
     * metadata to tmp/, fsync it, rename it over the old metadata. A crash at any point leaves
     * either the previous version or the new one, never a mix.
     */
    public StoredObject commit(Fill fill, StoredObject described) throws IOException {
        ObjectKey key = fill.key();
        String hash = key.hash();
        fill.seal();
        Files.createDirectories(layout.shard(hash));
        Path data = layout.data(hash, fill.id());
        move(fill.tmpFile(), data);
        StoredObject object = new StoredObject(key, data, fill.written(), described.etag(),
                described.contentType(), described.lastModified(), described.storedAt(), described.expiresAt());
        Path metaTmp = layout.tmp().resolve(hash + "-" + fill.id() + StoreLayout.META_SUFFIX);
        MetadataFile.write(object, metaTmp);
        move(metaTmp, layout.meta(hash));
        admit(object);
        return object;
    }

    /** Drops an object from the index and the disk. */
    public void remove(ObjectKey key) {
        index.invalidate(key);
    }

    public long sizeBytes() {
        return storedBytes.get();
    }

    public long objectCount() {
        return index.estimatedSize();
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public Path root() {
        return layout.root();
    }

    /** Whether a file can be created, written, synced and deleted in the store right now. */
    public boolean isWritable() {
        Path probe = layout.tmp().resolve("probe-" + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            channel.force(false);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private void admit(StoredObject object) {
        storedBytes.addAndGet(object.size());
        index.put(object.key(), object);
    }

    private static int weightOf(StoredObject object) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (object.size() + KIB - 1) / KIB));
    }

    private void onRemoval(ObjectKey key, StoredObject object, RemovalCause cause) {
        if (object == null) {
            return;
        }
        storedBytes.addAndGet(-object.size());
        try {
            if (cause != RemovalCause.REPLACED) {
                // The metadata still names this version unless a newer commit replaced it.
                Path meta = layout.meta(key.hash());
                if (Files.exists(meta) && MetadataFile.read(meta).file().equals(object.file())) {
                    Files.deleteIfExists(meta);
                }
            }
            Files.deleteIfExists(object.file());
        } catch (IOException e) {
            LOG.warnf("could not delete %s (%s): %s", object.file(), cause, e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("store and its tmp/ must be on one filesystem", e);
        }
    }
}
