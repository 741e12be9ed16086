package io.geotier.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.registry.NodeEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShieldChoiceTest {

    private static NodeEntry node(String name) {
        return new NodeEntry(name, "shield", List.of("10.0.0.1:8080"), 0, 0, 1, 0, -1, "active", 0);
    }

    private final List<NodeEntry> three = List.of(node("s1"), node("s2"), node("s3"));

    @Test
    void everyNodePicksTheSameShieldForAKeyWhateverTheOrderItKnowsThemIn() {
        List<NodeEntry> reversed = new ArrayList<>(three);
        java.util.Collections.reverse(reversed);
        for (int i = 0; i < 200; i++) {
            assertEquals(ShieldChoice.forKey("k" + i, three), ShieldChoice.forKey("k" + i, reversed));
        }
    }

    @Test
    void keysSpreadOverTheShieldsNodesAndALeavingNodeMovesOnlyItsOwn() {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String chosen = ShieldChoice.forKey("media/" + i + ".mp3", three)
                    .orElseThrow()
                    .name();
            counts.merge(chosen, 1, Integer::sum);
            before.put("media/" + i + ".mp3", chosen);
        }
        counts.values().forEach(c -> assertEquals(1000, c, 150, "about a third each: " + counts));
        List<NodeEntry> withoutS2 = List.of(node("s1"), node("s3"));
        before.forEach((key, was) -> {
            String now = ShieldChoice.forKey(key, withoutS2).orElseThrow().name();
            assertTrue(was.equals("s2") || now.equals(was), key + " moved from " + was + " to " + now);
        });
        assertTrue(ShieldChoice.forKey("x", List.of()).isEmpty());
    }
}
