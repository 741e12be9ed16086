package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void rawPathIsDecodedAndLosesItsLeadingSlash() {
        assertEquals("podcasts/ep 1.mp3", ObjectKey.fromRawPath("/podcasts/ep%201.mp3").path());
        assertEquals("été.bin", ObjectKey.fromRawPath("/%C3%A9t%C3%A9.bin").path());
    }

    @Test
    void hashIsStableHexSha256() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", new ObjectKey("hello").hash());
        assertNotEquals(new ObjectKey("a").hash(), new ObjectKey("b").hash());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/../etc/passwd", "/a/../../b", "/a/%2e%2e/b", "/a/%2E%2E/b", "/a%2fb", "/a%2F..%2Fb",
            "/a%5cb", "/a\\b", "/a%00b", "/a%0Ab", "/a//b", "/a/./b", "/a/", "/%", "/%4", "/%zz"})
    void traversalsEncodedSeparatorsAndControlCharactersAreRefused(String raw) {
        assertThrows(InvalidKeyException.class, () -> ObjectKey.fromRawPath(raw));
    }

    @Test
    void overlongKeysAreRefused() {
        assertEquals(1024, new ObjectKey("k".repeat(1024)).path().length());
        assertThrows(InvalidKeyException.class, () -> new ObjectKey("k".repeat(1025)));
        assertThrows(InvalidKeyException.class, () -> new ObjectKey("é".repeat(513)), "bytes, not chars, are counted");
    }
}
