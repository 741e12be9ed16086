package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
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

    private static byte[] bytes(ByteBuf view) {
        byte[] bytes = new byte[view.readableBytes()];
        view.getBytes(view.readerIndex(), bytes);
        return bytes;
    }

    @Test
    void eachCallerGetsItsOwnIndices() throws Exception {
        HotBodies hot = hot(1 << 20, 1024);
        StoredObject object = object("v", new byte[] {1, 2, 3, 4});
        ByteBuf first = hot.retain(object);
        first.readerIndex(2);
        ByteBuf second = hot.retain(object);
        assertEquals(0, second.readerIndex(), "moving one view moves no other");
        first.release();
        second.release();
    }

    @Test
    void smallObjectsAreServedFromMemoryAndLargeOnesAreNot() throws Exception {
        HotBodies hot = hot(1 << 20, 1024);
        StoredObject small = object("small", new byte[] {1, 2, 3});
        ByteBuf copy = hot.retain(small);
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(copy));
        Files.write(small.file(), new byte[] {9, 9, 9}); // never happens to a committed file; shows it is a copy
        ByteBuf again = hot.retain(small);
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(again));
        assertTrue(again.isDirect(), "off-heap");
        copy.release();
        again.release();
        assertNull(hot.retain(object("large", new byte[2048])));
    }

    @Test
    void anEvictedCopyIsFreedWhenTheLastResponseHoldingItReleasesIt() throws Exception {
        HotBodies hot = hot(3 * (100 + 64), 1024);
        StoredObject held = object("held", new byte[100]);
        StoredObject idle = object("idle", new byte[100]);
        ByteBuf response = hot.retain(held);
        hot.retain(idle).release();
        ByteBuf idleCopy = hot.retain(idle);
        idleCopy.release();
        for (int i = 0; i < 20; i++) { // many newcomers, each asked for often: both are evicted
            StoredObject other = object("other" + i, new byte[100]);
            for (int j = 0; j < 5; j++) {
                hot.retain(other).release();
            }
        }
        assertTrue(hot.held() <= 3, "the budget bounds the copies held");
        assertEquals(0, idleCopy.refCnt(), "an evicted copy no response holds is freed at once");
        assertEquals(1, response.refCnt(), "one a response still writes stays until it is released");
        assertArrayEquals(new byte[100], bytes(response));
        response.release();
        assertEquals(0, response.refCnt());
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
        assertNull(hot(1 << 20, 1024).retain(lying));
        assertNull(hot(0, 1024).retain(object));
    }
}
