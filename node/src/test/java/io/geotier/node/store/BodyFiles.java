package io.geotier.node.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

/** Data files and their bodies for the tests of HotBodies and MappedBodies (both BodyCache). */
final class BodyFiles {

    private BodyFiles() {}

    /** An object whose data file in {@code dir} holds {@code bytes}. */
    static StoredObject object(Path dir, String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        Instant now = Instant.now();
        return new StoredObject(new ObjectKey(name), file, bytes.length, null, null, null, now, now, now, now);
    }

    /** The same object, its index claiming a size its file does not have. */
    static StoredObject claimingSize(StoredObject object, long size) {
        return new StoredObject(
                object.key(),
                object.file(),
                size,
                null,
                null,
                null,
                object.storedAt(),
                object.expiresAt(),
                object.expiresAt(),
                object.expiresAt());
    }

    static byte[] bytes(ByteBuf view) {
        byte[] bytes = new byte[view.readableBytes()];
        view.getBytes(view.readerIndex(), bytes);
        return bytes;
    }

    /** Twenty newcomers of 100 bytes, each asked for five times: enough to evict a small cache's idle bodies. */
    static void crowd(Path dir, Function<StoredObject, ByteBuf> retain) throws IOException {
        for (int i = 0; i < 20; i++) {
            StoredObject other = object(dir, "other" + i, new byte[100]);
            for (int j = 0; j < 5; j++) {
                retain.apply(other).release();
            }
        }
    }
}
