package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedBodiesTest {

    @TempDir
    Path dir;

    private ObjectStore store;

    private MappedBodies mapped(int maxFiles) {
        if (store == null) {
            store = new ObjectStore(dir.resolve("store"), 1 << 30);
        }
        return new MappedBodies(() -> maxFiles, store);
    }

    @Test
    void aMappingHoldsTheFilesBytesAndSlicesOfIt() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        MappedBodies mapped = mapped(4);
        StoredObject object = BodyFiles.object(dir, "large", content);
        ByteBuf body = mapped.retain(object);
        assertArrayEquals(content, BodyFiles.bytes(body));
        assertTrue(body.isDirect() && body.hasMemoryAddress(), "written by the socket from its address");
        ByteBuf again = mapped.retain(object);
        byte[] expected = new byte[1000];
        System.arraycopy(content, 5000, expected, 0, 1000);
        assertArrayEquals(expected, BodyFiles.bytes(again.slice(5000, 1000)));
        body.release();
        again.release();
    }

    @Test
    void aPurgedObjectIsUnmappedOnceTheResponseWritingItEnds() throws Exception {
        byte[] content = new byte[8192];
        new Random(8).nextBytes(content);
        MappedBodies mapped = mapped(4);
        StoredObject object;
        try (Fill fill = store.begin(new ObjectKey("purged"))) {
            fill.write(ByteBuffer.wrap(content));
            Instant now = Instant.now();
            Instant later = now.plusSeconds(3600);
            object = store.commit(
                    fill,
                    new StoredObject(new ObjectKey("purged"), null, 0, null, null, now, now, later, later, later),
                    0);
        }
        ByteBuf response = mapped.retain(object);
        assertEquals(1, mapped.held());
        store.remove(object.key()); // a purge while the response is written
        assertFalse(Files.exists(object.file()));
        assertEquals(0, mapped.held(), "a deleted file's mapping is dropped, so its disk space can go");
        assertArrayEquals(content, BodyFiles.bytes(response), "the response still reads the bytes it was promised");
        response.release();
        assertEquals(0, response.refCnt(), "unmapped");
        assertNull(mapped.retain(object), "a new request does not map a deleted file");
    }

    @Test
    void theCountBoundsTheMappingsAndAnEvictedOneIsUnmappedWhenItsLastResponseEnds() throws Exception {
        MappedBodies mapped = mapped(2);
        StoredObject held = BodyFiles.object(dir, "held", new byte[100]);
        ByteBuf response = mapped.retain(held);
        BodyFiles.crowd(dir, mapped::retain);
        assertTrue(mapped.held() <= 2, "the count bounds the mappings held");
        assertEquals(1, response.refCnt(), "one a response still writes stays until it is released");
        assertArrayEquals(new byte[100], BodyFiles.bytes(response));
        response.release();
        assertEquals(0, response.refCnt());
    }

    @Test
    void aFileWhoseSizeDisagreesOrZeroFilesTurnItOffAndABadBoundIsRefused() throws Exception {
        StoredObject object = BodyFiles.object(dir, "x", new byte[10]);
        StoredObject lying = BodyFiles.claimingSize(object, 11);
        assertNull(mapped(4).retain(lying));
        assertNull(mapped(0).retain(object));
        assertThrows(IllegalArgumentException.class, () -> mapped(-1));
    }
}
