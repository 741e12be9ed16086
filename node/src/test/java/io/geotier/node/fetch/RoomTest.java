package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.store.ObjectStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoomTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void knownLengthTakesItsWholeRoomUpFrontOrNone() {
        ObjectStore store = new ObjectStore(dir, 10 * MIB, 0);
        Room room = Room.forBody(store, 6 * MIB);
        assertEquals(6 * MIB, store.reservedBytes());
        assertTrue(room.cover(6 * MIB));
        assertNull(Room.forBody(store, 5 * MIB), "6 + 5 > 10");
        room.release();
        assertEquals(0, store.reservedBytes());
    }

    @Test
    void unknownLengthTakesRoomStepByStepAndHandsItOver() {
        ObjectStore store = new ObjectStore(dir, 100 * MIB, 0);
        Room room = Room.forBody(store, -1);
        assertEquals(0, store.reservedBytes());
        assertTrue(room.cover(1));
        assertEquals(Room.STEP_BYTES, store.reservedBytes());
        assertTrue(room.cover(Room.STEP_BYTES + 1));
        assertEquals(2 * Room.STEP_BYTES, store.reservedBytes());
        assertTrue(room.cover(30 * MIB), "a write larger than a step takes what it needs");
        assertTrue(store.reservedBytes() >= 30 * MIB);
        assertEquals(store.reservedBytes(), room.handOver());
        room.release();
        assertTrue(store.reservedBytes() > 0, "handed-over room is the store's to settle at commit");
    }

    @Test
    void unknownLengthThatOutgrowsTheBudgetGivesEverythingBackAndWritesNoFurther() {
        ObjectStore store = new ObjectStore(dir, 10 * MIB, 0);
        Room room = Room.forBody(store, -1);
        assertTrue(room.cover(8 * MIB));
        assertFalse(room.cover(11 * MIB));
        assertEquals(0, store.reservedBytes());
        assertFalse(room.cover(1), "once out of room, always");
        room.release();
        assertEquals(0, store.reservedBytes());
    }

    @Test
    void aKnownLengthLargerThanTheWholeBudgetGetsNoRoom() {
        ObjectStore store = new ObjectStore(dir, 10 * MIB, 0);
        assertNull(Room.forBody(store, 50 * MIB));
        assertEquals(0, store.reservedBytes());
    }
}
