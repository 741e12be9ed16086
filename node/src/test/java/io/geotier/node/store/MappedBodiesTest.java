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
    void aMappingHoldsTheFilesBytesAndSlicesOfIt() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        MappedBodies mapped = mapped(4);
        StoredObject object = object("large", content);
        ByteBuf body = mapped.retain(object);
        assertArrayEquals(content, bytes(body));
        assertTrue(body.isDirect() && body.hasMemoryAddress(), "written by the socket from its address");
        ByteBuf again = mapped.retain(object);
        byte[] expected = new byte[1000];
        System.arraycopy(content, 5000, expected, 0, 1000);
        assertArrayEquals(expected, bytes(again.slice(5000, 1000)));
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
        assertArrayEquals(content, bytes(response), "the response still reads the bytes it was promised");
        response.release();
        assertEquals(0, response.refCnt(), "unmapped");
        assertNull(mapped.retain(object), "a new request does not map a deleted file");
    }

    @Test
    void theCountBoundsTheMappingsAndAnEvictedOneIsUnmappedWhenItsLastResponseEnds() throws Exception {
        MappedBodies mapped = mapped(2);
        StoredObject held = object("held", new byte[100]);
        ByteBuf response = mapped.retain(held);
        for (int i = 0; i < 20; i++) {
            StoredObject other = object("other" + i, new byte[100]);
            for (int j = 0; j < 5; j++) {
                mapped.retain(other).release();
            }
        }
        assertTrue(mapped.held() <= 2, "the count bounds the mappings held");
        assertEquals(1, response.refCnt(), "one a response still writes stays until it is released");
        assertArrayEquals(new byte[100], bytes(response));
        response.release();
        assertEquals(0, response.refCnt());
    }

    @Test
    void aFileWhoseSizeDisagreesOrZeroFilesTurnItOffAndABadBoundIsRefused() throws Exception {
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
        assertNull(mapped(4).retain(lying));
        assertNull(mapped(0).retain(object));
        assertThrows(IllegalArgumentException.class, () -> mapped(-1));
    }
}
