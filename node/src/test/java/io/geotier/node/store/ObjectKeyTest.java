package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

    @Test
    void rawPathKeepsItsBytesCanonicallyEncodedAndLosesItsLeadingSlash() {
        assertEquals(
                "podcasts/ep%201.mp3",
                ObjectKey.fromRawPath("/podcasts/ep%201.mp3").path());
        assertEquals(
                "%C3%A9t%C3%A9.bin", ObjectKey.fromRawPath("/%c3%a9t%C3%A9.bin").path(), "hex case is canonical");
        assertEquals("a~b-c.d", ObjectKey.fromRawPath("/a%7Eb%2Dc.d").path(), "unreserved characters are decoded");
    }

    @Test
    void invalidUtf8KeepsItsBytesSoDistinctPathsAreDistinctKeys() {
        ObjectKey ff = ObjectKey.fromRawPath("/x%ff.bin");
        ObjectKey fe = ObjectKey.fromRawPath("/x%fe.bin");
        assertEquals("x%FF.bin", ff.path());
        assertNotEquals(ff, fe);
        assertNotEquals(ff.hash(), fe.hash());
    }

    @Test
    void rawNonAsciiIsTheSameKeyAsItsPercentEncoding() {
        // Netty hands the request line over byte for byte as ISO-8859-1 characters.
        String rawUtf8Bytes = new String(
                "/été.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(ObjectKey.fromRawPath("/%C3%A9t%C3%A9.bin"), ObjectKey.fromRawPath(rawUtf8Bytes));
    }

    @Test
    void hashIsStableHexSha256() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", new ObjectKey("hello").hash());
        assertNotEquals(new ObjectKey("a").hash(), new ObjectKey("b").hash());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/../etc/passwd",
                "/a/../../b",
                "/a/%2e%2e/b",
                "/a/%2E%2E/b",
                "/a%2fb",
                "/a%2F..%2Fb",
                "/a%5cb",
                "/a\\b",
                "/a%00b",
                "/a%0Ab",
                "/a//b",
                "/a/./b",
                "/a/",
                "/%",
                "/%4",
                "/%zz"
            })
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
