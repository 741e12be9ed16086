package io.geotier.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The objects this node holds on local disk, and the index of them.
 *
 * <p>The index is a Caffeine cache weighted by object size: W-TinyLFU decides which objects are
 * worth their bytes, and evicting an entry deletes its files. Invariants: an object is served only
 * if its metadata file exists, and metadata is written after its bytes were fsynced and renamed
 * into place (see {@link StoreLayout}); stored bytes plus bytes reserved by fills in flight never
 * exceed the effective budget, the smaller of the configured budget and what the free-space floor
 * leaves.
 */
@Singleton
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);
    private static final long KIB = 1024;

    private final StoreLayout layout;
    private final long budgetBytes;
    private final int minFreePercent;
    private final Cache<ObjectKey, StoredObject> index;
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong evictedBytes = new AtomicLong();
    private final EvictionLog evictionLog = new EvictionLog(10);
    /** Longer than any fill runs; a fill that outlives it may keep a copy purged while it ran. */
    private final RecentPurges recentPurges = new RecentPurges(java.time.Duration.ofHours(6));
    /** Told of every key this store stops holding (evicted, purged, removed; not replaced by a newer version). */
    private volatile java.util.function.Consumer<ObjectKey> onDropped = key -> {};

    private volatile java.util.function.Consumer<Path> onFileDeleted = file -> {};

    @GuardedBy("this")
    private long reservedBytes;

    private final StoreLock lock;

    /** The node's store: its directory locked first, so a second node on it stops before touching tmp/. */
    @Inject
    public ObjectStore(StoreConfig config) {
        this(StoreLock.acquire(config.dir()), config.dir(), config.budget().asLongValue(), config.minFreePercent());
    }

    public ObjectStore(Path root, long budgetBytes) {
        this(root, budgetBytes, 0);
    }

    /** A store without the directory lock, for tests that reopen a directory in one process. */
    public ObjectStore(Path root, long budgetBytes, int minFreePercent) {
        this(null, root, budgetBytes, minFreePercent);
    }

    private ObjectStore(StoreLock lock, Path root, long budgetBytes, int minFreePercent) {
        this.lock = lock;
        this.layout = new StoreLayout(root.toAbsolutePath().normalize());
        this.budgetBytes = budgetBytes;
        this.minFreePercent = minFreePercent;
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
        synchronized (this) {
            resize();
        }
        LOG.infof(
                "store %s: %d objects, %d bytes recovered; %d leftovers removed",
                layout.root(), recovered.objects(), recovered.bytes(), recovered.removed());
    }

    @PreDestroy
    void unlock() {
        if (lock != null) {
            lock.close();
        }
    }

    public Optional<StoredObject> find(ObjectKey key) {
        return Optional.ofNullable(index.getIfPresent(key)).filter(o -> Files.exists(o.file()));
    }

    /** Opens a new fill for an upload; its bytes stay invisible until committed. */
    public Fill begin(ObjectKey key) throws IOException {
        return begin(key, null);
    }

    /**
     * Opens a new fill of bytes the origin was asked for at {@code askedAt}: a purge issued after
     * that instant and covering the object takes it at commit (hard: it is not admitted; soft: it
     * is admitted already stale), however the purge and the fill interleave.
     */
    public Fill begin(ObjectKey key, Instant askedAt) throws IOException {
        String id = UUID.randomUUID().toString();
        Path tmp = layout.tmp().resolve(key.hash() + "-" + id);
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Fill(key, id, tmp, channel, askedAt);
    }

    /**
     * Sets aside room for an object about to be filled, evicting others first if needed.
     *
     * @return false when the object cannot fit even after evicting everything: stream it through
     */
    public synchronized boolean reserve(long bytes) {
        if (reservedBytes + bytes > effectiveBudget()) {
            return false;
        }
        reservedBytes += bytes;
        resize();
        return true;
    }

    /** Gives back room reserved by {@link #reserve}, for a fill that failed or was not stored. */
    public synchronized void release(long bytes) {
        reservedBytes -= bytes;
        resize();
    }

    /**
     * Makes a fill durable and visible: fsync the bytes, rename them into their shard, write the
     * metadata to tmp/, fsync it, rename it over the old metadata. A crash at any point leaves
     * either the previous version or the new one, never a mix.
     *
     * @param reserved bytes reserved for this fill, released as the object takes their place
     */
    public StoredObject commit(Fill fill, StoredObject described, long reserved) throws IOException {
        ObjectKey key = fill.key();
        String hash = key.hash();
        fill.seal();
        Files.createDirectories(layout.shard(hash));
        Path data = layout.data(hash, fill.id());
        move(fill.tmpFile(), data);
        StoredObject object = new StoredObject(
                key,
                data,
                fill.written(),
                described.etag(),
                described.contentType(),
                described.lastModified(),
                fill.askedAt() != null ? fill.askedAt() : described.storedAt(), // see StoredObject#storedAt
                described.expiresAt(),
                described.staleWhileRevalidate(),
                described.staleIfError(),
                described.tags(),
                described.fileName(),
                described.uploaded());
        RecentPurges.Verdict purged = fill.askedAt() == null
                ? RecentPurges.Verdict.KEEP
                : recentPurges.since(fill.askedAt(), key, object.tags());
        if (purged == RecentPurges.Verdict.DROP) {
            // Purged while it was being fetched: its readers finish with these bytes, nobody else gets them.
            synchronized (this) {
                reservedBytes -= reserved;
                resize();
            }
            Files.deleteIfExists(data);
            return object;
        }
        if (purged == RecentPurges.Verdict.STALE) {
            object = object.refreshed(object.storedAt(), object.storedAt(), object.storedAt(), object.staleIfError());
        }
        writeMetadata(object, fill.id());
        synchronized (this) {
            reservedBytes -= reserved;
            admit(object);
            resize();
        }
        return object;
    }

    /**
     * Records new validity for stored bytes (the origin answered 304); the bytes stay as they are.
     *
     * @return the refreshed object, or empty when that version is no longer stored
     */
    public Optional<StoredObject> refresh(StoredObject refreshed) throws IOException {
        StoredObject[] applied = new StoredObject[1];
        try {
            // Atomic with eviction: a version evicted (its files deleted) while the 304 was in
            // flight must not come back as an index entry naming files that no longer exist.
            index.asMap().computeIfPresent(refreshed.key(), (key, existing) -> {
                if (!existing.file().equals(refreshed.file())) {
                    return existing; // a newer version was committed meanwhile
                }
                try {
                    writeMetadata(refreshed, UUID.randomUUID().toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                applied[0] = refreshed;
                return refreshed;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Optional.ofNullable(applied[0]);
    }

    /**
     * Marks the stored object expired as of {@code now} (a soft purge): its bytes stay, and the
     * next request revalidates them. Its stale windows start over from {@code now}, so
     * stale-if-error keeps covering a failing origin, and serving stale while revalidating is off.
     *
     * @return false when nothing is stored for the key
     */
    public boolean expire(ObjectKey key, Instant now) throws IOException {
        StoredObject current = index.getIfPresent(key);
        if (current == null) {
            return false;
        }
        return refresh(current.refreshed(current.storedAt(), now, now, now.plus(current.staleIfErrorWindow())))
                .isPresent();
    }

    /**
     * Purges the key: its bytes are removed and it is no longer served, or with {@code soft} it is
     * only expired as of {@code now} (see {@link #expire}).
     *
     * @return whether anything was stored for the key
     */
    public boolean purge(ObjectKey key, boolean soft, Instant now) throws IOException {
        if (soft) {
            return expire(key, now);
        }
        boolean present = find(key).isPresent();
        remove(key);
        return present;
    }

    /**
     * Applies a purge to the copies current at or before its instant ({@link StoredObject#storedAt}:
     * a copy fetched after it is left alone, however late the purge arrives; one fetched before it
     * is taken, however late it was stored); soft purges expire them as of {@code now}.
     *
     * @return how many copies it took
     */
    public int apply(Purge purge, Instant now) throws IOException {
        recentPurges.add(purge);
        java.util.List<ObjectKey> keys = purge.kind() == Purge.Kind.KEY
                ? java.util.List.of(purge.key())
                : index.asMap().values().stream()
                        .filter(o -> purge.covers(o.key(), o.tags()))
                        .map(StoredObject::key)
                        .toList();
        int taken = 0;
        for (ObjectKey key : keys) {
            StoredObject current = index.getIfPresent(key);
            if (current != null && !current.storedAt().isAfter(purge.issuedAt()) && purge(key, purge.soft(), now)) {
                taken++;
            }
        }
        return taken;
    }

    /** Whether a hard purge applied here and issued after {@code copiedAt} covers the object. */
    public boolean purgedSince(ObjectKey key, java.util.Set<String> tags, Instant copiedAt) {
        return recentPurges.since(copiedAt, key, tags) == RecentPurges.Verdict.DROP;
    }

    /** Every stored object (a snapshot). */
    public java.util.List<StoredObject> all() {
        return java.util.List.copyOf(index.asMap().values());
    }

    /** The stored keys that carry this purge tag (a snapshot). */
    public java.util.List<ObjectKey> keysTagged(String tag) {
        return index.asMap().values().stream()
                .filter(o -> o.tags().contains(tag))
                .map(StoredObject::key)
                .toList();
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

    /**
     * Stored plus reserved bytes, read together: the quantity the budget bounds. Bytes are only
     * added under this store's lock (stored bytes may drop at any time), so the sum is never torn
     * upward.
     */
    public synchronized long usedBytes() {
        return storedBytes.get() + reservedBytes;
    }

    public synchronized long reservedBytes() {
        return reservedBytes;
    }

    public long evictions() {
        return evictions.get();
    }

    public long evictedBytes() {
        return evictedBytes.get();
    }

    /**
     * Sets who hears of keys this store no longer holds (the cluster catalog). Called on the
     * thread that dropped the key, so the listener must not block.
     */
    public void whenDropped(java.util.function.Consumer<ObjectKey> listener) {
        this.onDropped = listener;
    }

    /**
     * Sets who hears of data files this store deleted (MappedBodies, whose mappings would keep a
     * deleted file's disk space). Called on the deleting thread; must not block.
     */
    void whenFileDeleted(java.util.function.Consumer<Path> listener) {
        this.onFileDeleted = listener;
    }

    /** The last objects evicted, newest first. */
    public java.util.List<EvictionLog.Entry> recentEvictions() {
        return evictionLog.recent();
    }

    public Path root() {
        return layout.root();
    }

    public long freeBytes() {
        return layout.root().toFile().getUsableSpace();
    }

    /** Whether a file can be created, written, synced and deleted in the store right now. */
    public boolean isWritable() {
        Path probe = layout.tmp().resolve("probe-" + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(
                probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            channel.force(false);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The configured budget, or less when the filesystem would otherwise pass its free-space floor. */
    @GuardedBy("this")
    private long effectiveBudget() {
        java.io.File fs = layout.root().toFile();
        long floor = fs.getTotalSpace() * minFreePercent / 100;
        long allowedByDisk = storedBytes.get() + reservedBytes + fs.getUsableSpace() - floor;
        return Math.max(0, Math.min(budgetBytes, allowedByDisk));
    }

    /** Points Caffeine at the room left for stored objects and lets it evict down to it now. */
    @GuardedBy("this")
    private void resize() {
        long room = Math.max(0, effectiveBudget() - reservedBytes);
        index.policy().eviction().ifPresent(e -> e.setMaximum(Math.max(1, room / KIB)));
        index.cleanUp();
    }

    private void writeMetadata(StoredObject object, String tmpId) throws IOException {
        String hash = object.key().hash();
        Path metaTmp = layout.tmp().resolve(hash + "-" + tmpId + StoreLayout.META_SUFFIX);
        MetadataFile.write(object, metaTmp);
        move(metaTmp, layout.meta(hash));
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
        StoredObject current = index.getIfPresent(key);
        if (current != null && current.file().equals(object.file())) {
            return; // only the metadata was replaced (a 304 refresh): the bytes are still in use
        }
        storedBytes.addAndGet(-object.size());
        if (cause.wasEvicted()) {
            evictions.incrementAndGet();
            evictedBytes.addAndGet(object.size());
            evictionLog.record(key, object.size(), Instant.now());
        }
        if (cause != RemovalCause.REPLACED) {
            onDropped.accept(key);
        }
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
        onFileDeleted.accept(object.file());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("store and its tmp/ must be on one filesystem", e);
        }
    }
}
