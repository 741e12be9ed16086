package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotBodiesTest {

    @TempDir
    Path dir;

    private static HotBodies hot(long budget, long max) {
        return new HotBodies(new HotBodies.Config() {
            public MemorySize budget() {
                return new MemorySize(BigInteger.valueOf(budget));
            }

            public MemorySize maxObject() {
                return new MemorySize(BigInteger.valueOf(max));
            }
        });
    }

    private StoredObject object(String name, byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve(name), bytes);
        Instant now = Instant.now();
        return new StoredObject(new ObjectKey(name), file, bytes.length, null, null, null, now, now, now, now);
    }

    private static byte[] bytes(ByteBuffer view) {
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    @Test
    void eachCallerGetsItsOwnView() throws Exception {
        HotBodies hot = hot(1 << 20, 1024);
        StoredObject object = object("v", new byte[] {1, 2, 3, 4});
        ByteBuffer first = hot.get(object);
        first.position(2);
        assertEquals(0, hot.get(object).position(), "moving one view moves no other");
    }

    @Test
    void smallObjectsAreServedFromMemoryAndLargeOnesAreNot() throws Exception {
        HotBodies hot = hot(1 << 20, 1024);
        StoredObject small = object("small", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(hot.get(small)));
        Files.write(small.file(), new byte[] {9, 9, 9}); // never happens to a committed file; shows it is a copy
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(hot.get(small)));
        assertTrue(hot.get(small).isDirect() && hot.get(small).isReadOnly(), "off-heap and read-only");
        assertNull(hot.get(object("large", new byte[2048])));
    }

    @Test
    void aFileWhoseSizeDisagreesIsNotTrustedAndZeroBudgetTurnsItOff() throws Exception {
        StoredObject object = object("x", new byte[10]);
        StoredObject lying = new StoredObject(
                object.key(),
                object.file(),
                11,
                null,
                null,
                null,
                object.storedAt(),
                object.expiresAt(),
                object.expiresAt(),
                object.expiresAt());
        assertNull(hot(1 << 20, 1024).get(lying));
        assertNull(hot(0, 1024).get(object));
    }
}
