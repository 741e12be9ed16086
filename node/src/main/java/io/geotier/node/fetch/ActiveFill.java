package io.geotier.node.fetch;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.StoredObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One fetch from the origin in progress, shared by every request for its key. Readers learn the
 * response head once, then follow {@link #written()} as bytes land in the fill's file, and are
 * called back whenever more arrive or the fill ends.
 *
 * <p>Invariant: bytes [0, written) of the head's file are final; {@link #done()} completes after
 * the last advance, with the stored object (null when the response was not storable) or with the
 * failure that ended the fill, whose bytes must then not be presented as a whole object.
 *
 * <p>Readers read through one channel opened when the body starts, so they keep reading after the
 * file was renamed into the store or unlinked. The fill and each reader hold a reference; the
 * channel closes with the last one, and a fill whose references are gone accepts no new reader.
 * Outside this package a reference is only ever held as a {@link FillLease}.
 */
public final class ActiveFill {

    private final ObjectKey key;

    @GuardedBy("this")
    private int references = 1;

    @GuardedBy("this")
    private boolean closed;

    private FileChannel channel;
    private final CompletableFuture<FillHead> head = new CompletableFuture<>();
    private final CompletableFuture<StoredObject> done = new CompletableFuture<>();

    @GuardedBy("this")
    private final List<Runnable> waiters = new ArrayList<>();

    @GuardedBy("this")
    private final List<Runnable> onReleased = new ArrayList<>();

    private volatile long written;
    /** Set before the origin is asked: only such a fill is offered to peers (see {@link #fromOrigin()}). */
    private volatile boolean fromOrigin;

    ActiveFill(ObjectKey key) {
        this.key = key;
    }

    public ObjectKey key() {
        return key;
    }

    public CompletableFuture<FillHead> head() {
        return head;
    }

    public CompletableFuture<StoredObject> done() {
        return done;
    }

    public long written() {
        return written;
    }

    /**
     * Whether the bytes come from the origin (not from another node): peers asking only-if-cached
     * may join such a fill, and only such a one, so two nodes can never wait on each other's fill.
     */
    public boolean fromOrigin() {
        return fromOrigin;
    }

    void markFromOrigin() {
        fromOrigin = true;
    }

    void withdrawFromPeers() {
        fromOrigin = false;
    }

    /** Takes a reference for a reader; false when the fill has already let go of its file. */
    synchronized boolean acquire() {
        if (closed) {
            return false;
        }
        references++;
        return true;
    }

    /** Gives a reference back (through {@link FillLease#close()}); the last one closes the file. */
    void release() {
        FileChannel toClose = null;
        List<Runnable> hooks = List.of();
        synchronized (this) {
            if (--references == 0) {
                closed = true;
                toClose = channel;
                hooks = new ArrayList<>(onReleased);
                onReleased.clear();
            }
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
        hooks.forEach(Runnable::run);
    }

    /** Runs {@code hook} once no reader or fill holds the fill any more (now, if none does). */
    void whenReleased(Runnable hook) {
        synchronized (this) {
            if (!closed) {
                onReleased.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Reads bytes of the body at a position below {@link #written()}. */
    public int read(ByteBuffer target, long position) throws IOException {
        return channel.read(target, position);
    }

    /** Runs {@code callback} once more than {@code position} bytes are written or the fill ended. */
    public void whenBeyond(long position, Runnable callback) {
        boolean now;
        synchronized (this) {
            now = written > position || done.isDone();
            if (!now) {
                waiters.add(callback);
            }
        }
        if (now) {
            callback.run();
        }
    }

    void started(FillHead.Streaming streaming) throws IOException {
        synchronized (this) {
            channel = FileChannel.open(streaming.tmpFile(), StandardOpenOption.READ);
        }
        head.complete(streaming);
    }

    void advance(long total) {
        written = total;
        wakeWaiters();
    }

    void notModified(StoredObject refreshed) {
        head.complete(new FillHead.NotModified(refreshed));
        done.complete(refreshed);
        wakeWaiters();
    }

    void finish(StoredObject stored) {
        done.complete(stored);
        wakeWaiters();
    }

    void fail(Throwable failure) {
        head.completeExceptionally(failure);
        done.completeExceptionally(failure);
        wakeWaiters();
    }

    private void wakeWaiters() {
        List<Runnable> ready;
        synchronized (this) {
            ready = new ArrayList<>(waiters);
            waiters.clear();
        }
        ready.forEach(Runnable::run);
    }
}
