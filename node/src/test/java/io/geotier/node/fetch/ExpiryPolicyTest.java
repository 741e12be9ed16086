package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.store.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final ObjectKey KEY = new ObjectKey("shows/ep1.mp3");
    private final ExpiryPolicy policy = new ExpiryPolicy(
            Duration.ofHours(1),
            Duration.ofMinutes(10),
            Map.of(
                    "/live/",
                    Duration.ofSeconds(5),
                    "shows/",
                    Duration.ofDays(7),
                    "shows/news/",
                    Duration.ofMinutes(1)));
    private final ExpiryPolicy noOverrides = new ExpiryPolicy(Duration.ofHours(1), Duration.ofMinutes(10), Map.of());

    private ExpiryPolicy.Validity plain(String cacheControl, String expires) {
        return noOverrides.evaluate(KEY, cacheControl, expires, NOW);
    }

    @Test
    void sharedMaxAgeWinsOverMaxAgeWhichWinsOverExpires() {
        assertEquals(
                NOW.plusSeconds(60), plain("max-age=600, s-maxage=60", null).expiresAt());
        assertEquals(
                NOW.plusSeconds(600),
                plain("public, max-age=600", "Tue, 24 Nov 2026 13:00:00 GMT").expiresAt());
        assertEquals(
                Instant.parse("2026-11-24T13:30:00Z"),
                plain(null, "Tue, 24 Nov 2026 13:30:00 GMT").expiresAt());
    }

    @Test
    void invalidOrPastExpiresMeansAlreadyExpired() {
        assertEquals(NOW, plain(null, "0").expiresAt());
        assertEquals(NOW, plain(null, "Tue, 24 Nov 2026 11:00:00 GMT").expiresAt());
    }

    @Test
    void nothingSaidMeansTheDefaultTtl() {
        assertEquals(NOW.plus(Duration.ofHours(1)), plain("public", null).expiresAt());
        assertEquals(NOW.plus(Duration.ofHours(1)), plain("max-age=soon", null).expiresAt());
    }

    @Test
    void noStoreAndPrivateAreNotStored() {
        assertFalse(plain("no-store", null).storable());
        assertFalse(plain("private, max-age=60", null).storable());
        assertTrue(plain("public, max-age=60", null).storable());
    }

    @Test
    void noCacheIsStoredButAlwaysRevalidated() {
        ExpiryPolicy.Validity v = plain("no-cache", null);
        assertTrue(v.storable());
        assertEquals(NOW, v.expiresAt());
    }

    @Test
    void staleWindowsComeFromTheOriginElseTheDefault() {
        ExpiryPolicy.Validity v = plain("max-age=60, stale-while-revalidate=30, stale-if-error=600", null);
        assertEquals(NOW.plusSeconds(90), v.staleWhileRevalidate());
        assertEquals(NOW.plusSeconds(660), v.staleIfError());
        ExpiryPolicy.Validity d = plain("max-age=60", null);
        assertEquals(NOW.plusSeconds(60), d.staleWhileRevalidate(), "no stale-while-revalidate unless the origin says");
        assertEquals(NOW.plusSeconds(60 + 600), d.staleIfError(), "the configured default stale-if-error");
        assertEquals(
                NOW.plusSeconds(60), plain("max-age=60, must-revalidate", null).staleIfError());
    }

    @Test
    void longestMatchingPrefixOverrideReplacesTheOriginsLifetime() {
        assertEquals(
                NOW.plus(Duration.ofDays(7)),
                policy.evaluate(KEY, "max-age=0", null, NOW).expiresAt());
        assertEquals(
                NOW.plus(Duration.ofMinutes(1)),
                policy.evaluate(new ObjectKey("shows/news/today.mp3"), "max-age=3600", null, NOW)
                        .expiresAt());
        assertEquals(
                NOW.plusSeconds(5),
                policy.evaluate(new ObjectKey("live/x.ts"), null, null, NOW).expiresAt());
        assertEquals(
                NOW.plusSeconds(30),
                policy.evaluate(new ObjectKey("other/x"), "max-age=30", null, NOW)
                        .expiresAt());
    }

    @Test
    void lifetimesPastTwoToTheThirtyFirstSecondsAreClamped() {
        assertEquals(
                NOW.plusSeconds(1L << 31),
                plain("max-age=99999999999999999", null).expiresAt());
        assertEquals(
                NOW.plusSeconds(1L << 31),
                plain("max-age=999999999999999999999999", null).expiresAt());
        assertEquals(
                NOW.plusSeconds(1L << 31), plain("s-maxage=4294967296", null).expiresAt());
        assertEquals(
                NOW.plusSeconds(1L << 31),
                plain(null, "Fri, 31 Dec 9999 23:59:59 GMT").expiresAt());
        ExpiryPolicy.Validity v = plain("max-age=60, stale-while-revalidate=99999999999999999999", null);
        assertEquals(NOW.plusSeconds(60 + (1L << 31)), v.staleWhileRevalidate());
    }

    @Test
    void theOriginsAgeIsTakenOffTheLifetime() {
        assertEquals(
                NOW.plusSeconds(500),
                noOverrides.evaluate(KEY, "max-age=600", null, "100", NOW).expiresAt());
        assertEquals(
                NOW, noOverrides.evaluate(KEY, "max-age=600", null, "700", NOW).expiresAt(), "already stale");
        assertEquals(
                NOW.plusSeconds(600),
                noOverrides.evaluate(KEY, "max-age=600", null, "soon", NOW).expiresAt(),
                "an unreadable Age is ignored");
        assertEquals(
                NOW.plus(Duration.ofDays(7)),
                policy.evaluate(KEY, "max-age=600", null, "100", NOW).expiresAt(),
                "an operator's override is the lifetime from now");
    }

    @Test
    void obsoleteDateFormsInExpiresAreRead() {
        assertEquals(
                Instant.parse("2026-11-24T13:30:00Z"),
                plain(null, "Tuesday, 24-Nov-26 13:30:00 GMT").expiresAt());
        assertEquals(
                Instant.parse("2026-11-24T13:30:00Z"),
                plain(null, "Tue Nov 24 13:30:00 2026").expiresAt());
    }
}
