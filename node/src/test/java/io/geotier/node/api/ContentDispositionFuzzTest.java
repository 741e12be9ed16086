package io.geotier.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Any file name an upload form can carry (the multipart body itself is parsed by RESTEasy
 * Reactive; this is what the node makes of its file name): the Content-Disposition it becomes is
 * printable ASCII, has exactly the two quotes around {@code filename}, and its {@code filename*}
 * decodes back to the name without any directory part. In the build it fuzzes for the duration below.
 */
class ContentDispositionFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void anyFileNameMakesOneSafeHeader(FuzzedDataProvider data) {
        String fileName = data.consumeRemainingAsString();
        String header = ContentDisposition.attachment(fileName);
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII: " + header);
        assertEquals(2, header.chars().filter(c -> c == '"').count(), header);
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String encoded = header.substring(header.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        String expected = new String(base.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(expected, URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
}
