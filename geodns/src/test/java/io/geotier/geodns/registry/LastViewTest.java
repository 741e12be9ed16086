package io.geotier.geodns.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.registry.NodeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastViewTest {

    @TempDir
    Path dir;

    private static NodeEntry entry(String name, int httpsPort) {
        return new NodeEntry(
                name,
                "eu-west",
                List.of("127.0.1.1:8080", "[::1]:8080"),
                51.5,
                -0.12,
                1_000_000_000L,
                5,
                7,
                "active",
                1_700_000_000_000L,
                httpsPort);
    }

    @Test
    void aSavedViewReadsBackWholeAndReplacesTheOneBefore() {
        LastView file = new LastView(dir.resolve("state/registry-view.json"));
        file.save(new RegistryFollower.View(Map.of("old", entry("old", 0)), Set.of("old")));
        RegistryFollower.View view = new RegistryFollower.View(
                Map.of("eu-west-1", entry("eu-west-1", 8443), "eu-west-2", entry("eu-west-2", 0)), Set.of("eu-west-2"));
        file.save(view);
        assertEquals(view, file.load().orElseThrow());
        assertFalse(Files.exists(dir.resolve("state/registry-view.json.tmp")), "no temporary file is left behind");
    }

    @Test
    void noFileOrAnUnreadableOneGivesNoViewAndIsNotFatal() throws Exception {
        Path path = dir.resolve("registry-view.json");
        assertTrue(new LastView(path).load().isEmpty());
        Files.writeString(path, "{\"entries\": [ {\"name\": \"cut short");
        assertTrue(new LastView(path).load().isEmpty());
        Files.writeString(path, "[]");
        assertTrue(new LastView(path).load().isEmpty());
    }

    @Test
    void aViewThatCannotBeSavedLeavesTheOlderFile() throws Exception {
        Path path = dir.resolve("registry-view.json");
        LastView file = new LastView(path);
        RegistryFollower.View first = new RegistryFollower.View(Map.of("a", entry("a", 0)), Set.of());
        file.save(first);
        // the temporary file's name taken by a directory: the write fails before the rename
        Files.createDirectory(dir.resolve("registry-view.json.tmp"));
        file.save(new RegistryFollower.View(Map.of("b", entry("b", 0)), Set.of()));
        assertEquals(first, file.load().orElseThrow());
    }
}
