package io.geotier.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {

    private static KeyPolicy policy(String... params) {
        return new KeyPolicy(() -> List.of(params));
    }

    @Test
    void allParametersCountSortedWithoutPresignedOnes() {
        KeyPolicy all = policy("*");
        assertEquals("a=1&b=2", all.keyOf("/x", "b=2&a=1").query());
        assertEquals(
                "v=3",
                all.keyOf(
                                "/x",
                                "X-Amz-Signature=s&X-Amz-Credential=c&v=3&Expires=9&Signature=z"
                                        + "&AWSAccessKeyId=k&X-Goog-Signature=g")
                        .query());
        assertEquals(
                all.keyOf("/x", "v=1&X-Amz-Date=1").hash(),
                all.keyOf("/x", "X-Amz-Date=2&v=1").hash());
        assertEquals("", all.keyOf("/x", null).query());
    }

    @Test
    void repeatedParametersKeepTheirOrderSoDifferentListsAreDifferentKeys() {
        KeyPolicy all = policy("*");
        assertEquals("a=2&a=1&b=0", all.keyOf("/x", "b=0&a=2&a=1").query());
        assertNotEquals(
                all.keyOf("/x", "a=1&a=2").hash(), all.keyOf("/x", "a=2&a=1").hash());
    }

    @Test
    void onlyListedParametersCountWhenConfigured() {
        assertEquals("v=2", policy("v").keyOf("/x", "utm_source=mail&v=2").query());
        assertEquals("", policy("none").keyOf("/x", "v=2").query());
    }

    @Test
    void queriesWithCharactersOutsideTheUriGrammarAreRefused() {
        for (String bad : new String[] {"a=b c", "a=\"x\"", "a=<b>", "a=%zz"}) {
            assertThrows(InvalidKeyException.class, () -> policy("*").keyOf("/x", bad), bad);
        }
    }

    @Test
    void queryChangesTheHashAndTheId() {
        ObjectKey plain = new ObjectKey("a.bin");
        ObjectKey versioned = new ObjectKey("a.bin", "v=2");
        assertEquals("a.bin?v=2", versioned.id());
        assertEquals(false, plain.hash().equals(versioned.hash()));
    }
}
