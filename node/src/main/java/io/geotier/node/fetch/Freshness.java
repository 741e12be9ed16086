package io.geotier.node.fetch;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How long an origin response stays fresh, from its Cache-Control (s-maxage before max-age, as a
 * shared cache must) or Expires, else the configured default TTL.
 */
public final class Freshness {

    private Freshness() {
    }

    public static Instant expiresAt(String cacheControl, String expires, Instant now, Duration defaultTtl) {
        OptionalLong sMaxAge = directive(cacheControl, "s-maxage");
        if (sMaxAge.isPresent()) {
            return now.plusSeconds(sMaxAge.getAsLong());
        }
        OptionalLong maxAge = directive(cacheControl, "max-age");
        if (maxAge.isPresent()) {
            return now.plusSeconds(maxAge.getAsLong());
        }
        if (expires != null) {
            Instant at = HttpDates.parse(expires);
            return at != null ? at : now; // RFC 9111: an invalid Expires means already expired
        }
        return now.plus(defaultTtl);
    }

    /** The value of a numeric directive, if present and well-formed. */
    static OptionalLong directive(String cacheControl, String name) {
        if (cacheControl == null) {
            return OptionalLong.empty();
        }
        for (String part : cacheControl.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals(name)) {
                try {
                    return OptionalLong.of(Math.max(0, Long.parseLong(kv[1].trim().replace("\"", ""))));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
