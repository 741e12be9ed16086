package io.geotier.geodns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadSheddingTest {

    private final LoadShedding shedding = new LoadShedding(0.85, 0.70);

    @Test
    void aRegionStartsSheddingPastStartAndStopsOnlyBelowStop() {
        shedding.update(Map.of("eu", 0.80));
        assertEquals(0, shedding.shedPercent("eu"), "below start: nothing shed");
        shedding.update(Map.of("eu", 0.91));
        assertEquals(70, shedding.shedPercent("eu"), "(0.91 - 0.70) / 0.30");
        shedding.update(Map.of("eu", 0.80));
        assertEquals(33, shedding.shedPercent("eu"), "inside the band: still shedding, less");
        shedding.update(Map.of("eu", 0.65));
        assertEquals(0, shedding.shedPercent("eu"), "below stop: back");
        shedding.update(Map.of("eu", 0.80));
        assertEquals(0, shedding.shedPercent("eu"), "inside the band from below: not shedding yet");
        shedding.update(Map.of("eu", 1.4));
        assertEquals(100, shedding.shedPercent("eu"), "over capacity: every client goes on");
    }

    @Test
    void onlyChangesOfWholePercentsCountAsChanges() {
        shedding.update(Map.of("eu", 0.91));
        long v = shedding.version();
        shedding.update(Map.of("eu", 0.9101));
        assertEquals(v, shedding.version(), "the same whole percent");
        shedding.update(Map.of("eu", 0.95));
        assertTrue(shedding.version() > v);
        shedding.update(Map.of());
        assertEquals(0, shedding.shedPercent("eu"), "a region gone from the reports sheds nothing");
    }

    @Test
    void aBandThatIsNotOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoadShedding(0.7, 0.8));
        assertThrows(IllegalArgumentException.class, () -> new LoadShedding(0.8, 0));
    }
}
