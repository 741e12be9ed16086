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

    @Test
    void eachCallerGetsItsOwnIndices() throws Exception {
        HotBodies hot = hot(1 << 20, 1024);
        StoredObject object = BodyFiles.object(dir, "v", new byte[] {1, 2, 3, 4});
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
        StoredObject small = BodyFiles.object(dir, "small", new byte[] {1, 2, 3});
        ByteBuf copy = hot.retain(small);
        assertArrayEquals(new byte[] {1, 2, 3}, BodyFiles.bytes(copy));
        Files.write(small.file(), new byte[] {9, 9, 9}); // never happens to a committed file; shows it is a copy
        ByteBuf again = hot.retain(small);
        assertArrayEquals(new byte[] {1, 2, 3}, BodyFiles.bytes(again));
        assertTrue(again.isDirect(), "off-heap");
        copy.release();
        again.release();
        assertNull(hot.retain(BodyFiles.object(dir, "large", new byte[2048])));
    }

    @Test
    void anEvictedCopyIsFreedWhenTheLastResponseHoldingItReleasesIt() throws Exception {
        HotBodies hot = hot(3 * (100 + 64), 1024);
        StoredObject held = BodyFiles.object(dir, "held", new byte[100]);
        StoredObject idle = BodyFiles.object(dir, "idle", new byte[100]);
        ByteBuf response = hot.retain(held);
        hot.retain(idle).release();
        ByteBuf idleCopy = hot.retain(idle);
        idleCopy.release();
        BodyFiles.crowd(dir, hot::retain); // many newcomers, each asked for often: both are evicted
        assertTrue(hot.held() <= 3, "the budget bounds the copies held");
        assertEquals(0, idleCopy.refCnt(), "an evicted copy no response holds is freed at once");
        assertEquals(1, response.refCnt(), "one a response still writes stays until it is released");
        assertArrayEquals(new byte[100], BodyFiles.bytes(response));
        response.release();
        assertEquals(0, response.refCnt());
    }

    @Test
    void aFileWhoseSizeDisagreesIsNotTrustedAndZeroBudgetTurnsItOff() throws Exception {
        StoredObject object = BodyFiles.object(dir, "x", new byte[10]);
        StoredObject lying = BodyFiles.claimingSize(object, 11);
        assertNull(hot(1 << 20, 1024).retain(lying));
        assertNull(hot(0, 1024).retain(object));
    }
}
