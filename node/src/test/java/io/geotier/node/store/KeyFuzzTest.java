package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any request path and query, as the HTTP server hands them over (a char per byte): either the key
 * policy refuses them with {@link InvalidKeyException} or the key it makes is canonical (made again
 * from itself it is unchanged), bounded, free of control characters, and has no segment that could
 * climb out of a directory. In the build it fuzzes for the duration below.
 */
class KeyFuzzTest {

    private static final KeyPolicy ALL_PARAMS = new KeyPolicy(() -> List.of("*"));

    @FuzzTest(maxDuration = "6s")
    void anyRequestTargetIsRefusedOrNamesOneSafeKey(FuzzedDataProvider data) {
        String rawPath = latin1(data.consumeBytes(data.consumeInt(0, 2048)));
        String rawQuery = data.consumeBoolean() ? null : latin1(data.consumeRemainingAsBytes());
        ObjectKey key;
        try {
            key = ALL_PARAMS.keyOf(rawPath, rawQuery);
        } catch (InvalidKeyException refused) {
            return;
        }
        assertEquals(key, new ObjectKey(key.path(), key.query()), "canonical");
        assertFalse(key.path().isEmpty() || key.path().startsWith("/"), key.path());
        for (String segment : key.path().split("/", -1)) {
            assertFalse(segment.equals("..") || segment.equals("."), "a segment that climbs: " + key.path());
        }
        assertTrue(key.id().chars().allMatch(c -> c > 0x20 && c < 0x7f), "printable ASCII only: " + key.id());
        assertTrue(key.path().length() <= 3 * ObjectKey.MAX_BYTES, "bounded");
        assertEquals(key, ObjectKey.fromRawPath("/" + key.path(), key.query()), "its own path names it again");
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
