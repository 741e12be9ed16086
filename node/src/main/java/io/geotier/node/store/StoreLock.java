package io.geotier.node.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds the store directory for one running node (as s3cache's flock did): a second node started
 * on the same directory would empty the first one's tmp/ under its running fills. The lock is the
 * OS's, so it goes with the process however that ends; a stale lock file is harmless.
 */
public final class StoreLock implements AutoCloseable {

    static final String FILE = "geotier.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StoreInUseException when another node (or this one) holds the directory */
    public static StoreLock acquire(Path root) {
        try {
            Files.createDirectories(root);
            Path file = root.resolve(FILE);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                channel.close();
                throw new StoreInUseException("the store " + root.toAbsolutePath()
                        + " is in use by another running node (it holds " + file.getFileName()
                        + "); give each node its own geotier.store.dir");
            }
            return new StoreLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the store " + root, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the descriptor anyway
        }
    }

    /** The store directory is held by another process. */
    public static final class StoreInUseException extends IllegalStateException {
        StoreInUseException(String message) {
            super(message);
        }
    }
}
