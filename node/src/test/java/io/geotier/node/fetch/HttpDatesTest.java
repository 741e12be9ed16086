package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three HTTP-date forms of RFC 9110 §5.6.7 (defect: RFC 850 and asctime were refused or dropped). */
class HttpDatesTest {

    private static final Instant NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z");
    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    @Test
    void allThreeFormsNameTheSameInstant() {
        assertEquals(NOV_6_1994, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW));
        assertEquals(NOV_6_1994, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW));
        assertEquals(NOV_6_1994, HttpDates.parse("Sun Nov  6 08:49:37 1994", NOW));
        assertEquals(Instant.parse("2026-11-16T08:49:37Z"), HttpDates.parse("Mon Nov 16 08:49:37 2026", NOW));
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePastCentury() {
        assertEquals(Instant.parse("2076-01-01T00:00:00Z"), HttpDates.parse("Wednesday, 01-Jan-76 00:00:00 GMT", NOW));
        assertEquals(Instant.parse("1977-01-01T00:00:00Z"), HttpDates.parse("Saturday, 01-Jan-77 00:00:00 GMT", NOW));
        assertEquals(Instant.parse("2025-06-01T00:00:00Z"), HttpDates.parse("Sunday, 01-Jun-25 00:00:00 GMT", NOW));
    }

    @Test
    void datesAreSentAsImfFixdateWithATwoDigitDay() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(NOV_6_1994));
    }

    @Test
    void theFieldByFieldFormatWritesWhatThePatternWould() {
        java.time.format.DateTimeFormatter pattern = java.time.format.DateTimeFormatter.ofPattern(
                        "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
                .withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(14);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
            assertEquals(pattern.format(t), HttpDates.format(t), t.toString());
        }
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertEquals(pattern.format(far), HttpDates.format(far));
    }

    @Test
    void malformedDatesAreNull() {
        assertNull(HttpDates.parse("yesterday", NOW));
        assertNull(HttpDates.parse("Sun Foo  6 08:49:37 1994", NOW));
        assertNull(HttpDates.parse("Sunday, 31-Feb-94 08:49:37 GMT", NOW));
        assertNull(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 PST", NOW));
        assertNull(HttpDates.parse(null, NOW));
    }
}
