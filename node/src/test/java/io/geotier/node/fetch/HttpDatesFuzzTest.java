package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * Any text as an HTTP-date (origins send Expires, Last-Modified and Date; clients send
 * If-Modified-Since): not a date (null), or an instant that formats to an IMF-fixdate reading
 * back as the same instant. In the build it fuzzes for the duration below.
 */
class HttpDatesFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void anyTextIsNoDateOrOneThatRoundTrips(FuzzedDataProvider data) {
        Instant date = HttpDates.parse(data.consumeRemainingAsString());
        if (date == null) {
            return;
        }
        String formatted = HttpDates.format(date);
        assertEquals(date.getEpochSecond(), HttpDates.parse(formatted).getEpochSecond(), formatted);
    }
}
