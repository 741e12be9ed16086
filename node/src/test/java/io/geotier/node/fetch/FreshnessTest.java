package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration DEFAULT = Duration.ofHours(1);

    @Test
    void sharedMaxAgeWinsOverMaxAge() {
        assertEquals(NOW.plusSeconds(60), Freshness.expiresAt("max-age=600, s-maxage=60", null, NOW, DEFAULT));
    }

    @Test
    void maxAgeWinsOverExpires() {
        assertEquals(NOW.plusSeconds(600), Freshness.expiresAt("public, max-age=600", "Tue, 24 Nov 2026 13:00:00 GMT", NOW, DEFAULT));
    }

    @Test
    void expiresIsUsedWithoutMaxAge() {
        assertEquals(Instant.parse("2026-11-24T13:30:00Z"),
                Freshness.expiresAt(null, "Tue, 24 Nov 2026 13:30:00 GMT", NOW, DEFAULT));
    }

    @Test
    void invalidExpiresMeansAlreadyExpired() {
        assertEquals(NOW, Freshness.expiresAt(null, "0", NOW, DEFAULT));
    }

    @Test
    void nothingSaidMeansTheDefaultTtl() {
        assertEquals(NOW.plus(DEFAULT), Freshness.expiresAt("public", null, NOW, DEFAULT));
        assertEquals(NOW.plus(DEFAULT), Freshness.expiresAt("max-age=soon", null, NOW, DEFAULT));
    }
}
