package io.geotier.node.fetch;

import io.geotier.node.store.ObjectKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long an origin response may be served, from its Cache-Control and Expires as RFC 9111
 * gives them to a shared cache: {@code no-store} and {@code private} are not stored; freshness
 * comes from {@code s-maxage}, then {@code max-age}, then {@code Expires}, else the default TTL;
 * {@code stale-while-revalidate} and {@code stale-if-error} (RFC 5861) extend how long an expired
 * copy may still be used. A per-path-prefix override, when one matches, replaces the freshness
 * lifetime the origin gave (the operator knows better than an origin that sends max-age=0).
 */
@Singleton
public class ExpiryPolicy {

    /** Expiry settings. */
    @ConfigMapping(prefix = "geotier.expiry")
    public interface Config {
        /** Freshness when the origin says nothing. */
        @WithDefault("1h")
        Duration defaultTtl();

        /** How long an expired copy may be served when the origin fails and did not say. */
        @WithDefault("1h")
        Duration defaultStaleIfError();

        /** Key prefix to freshness lifetime, overriding the origin ("podcasts/" = 7d). */
        Map<String, Duration> overrides();
    }

    /** The verdict on one response. */
    public record Validity(boolean storable, Instant expiresAt, Instant staleWhileRevalidate, Instant staleIfError) {}

    /** The largest delta-seconds a cache must handle; larger values are clamped to it (RFC 9111). */
    static final long MAX_DELTA_SECONDS = 1L << 31;

    private final Duration defaultTtl;
    private final Duration defaultStaleIfError;
    private final List<Map.Entry<String, Duration>> overrides;

    @Inject
    public ExpiryPolicy(Config config) {
        this(config.defaultTtl(), config.defaultStaleIfError(), config.overrides());
    }

    public ExpiryPolicy(Duration defaultTtl, Duration defaultStaleIfError, Map<String, Duration> overrides) {
        this.defaultTtl = defaultTtl;
        this.defaultStaleIfError = defaultStaleIfError;
        // Longest prefix first, so the most specific override wins.
        this.overrides = overrides.entrySet().stream()
                .map(e -> Map.entry(e.getKey().replaceFirst("^/+", ""), e.getValue()))
                .sorted(Comparator.comparingInt(
                                (Map.Entry<String, Duration> e) -> e.getKey().length())
                        .reversed())
                .toList();
    }

    /**
     * @param requestedAt when the request to the origin was sent: the age the response already had
     *                    when it arrived counts against its lifetime
     */
    public Validity evaluate(ObjectKey key, String cacheControl, String expires, Instant requestedAt) {
        return evaluate(key, cacheControl, expires, null, requestedAt);
    }

    /**
     * @param age the response's Age header: how long it had already been cached upstream (RFC
     *            9111 §4.2.3), taken off its lifetime unless an override sets the lifetime
     */
    public Validity evaluate(ObjectKey key, String cacheControl, String expires, String age, Instant requestedAt) {
        boolean storable = !has(cacheControl, "no-store") && !has(cacheControl, "private");
        // An override is the node's own lifetime, counted from now: the origin's Age does not shorten it.
        Duration lifetime = override(key)
                .orElseGet(() -> originLifetime(cacheControl, expires, requestedAt)
                        .minusSeconds(deltaSeconds(age).orElse(0)));
        Instant expiresAt = requestedAt.plus(lifetime.isNegative() ? Duration.ZERO : lifetime);
        Duration swr = seconds(cacheControl, "stale-while-revalidate")
                .map(Duration::ofSeconds)
                .orElse(Duration.ZERO);
        Duration sie =
                seconds(cacheControl, "stale-if-error").map(Duration::ofSeconds).orElse(defaultStaleIfError);
        if (has(cacheControl, "must-revalidate") || has(cacheControl, "proxy-revalidate")) {
            sie = Duration.ZERO;
        }
        return new Validity(storable, expiresAt, expiresAt.plus(swr), expiresAt.plus(sie));
    }

    private Optional<Duration> override(ObjectKey key) {
        return overrides.stream()
                .filter(e -> key.path().startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The lifetime the origin's headers give, before its Age is taken off. */
    private Duration originLifetime(String cacheControl, String expires, Instant requestedAt) {
        if (has(cacheControl, "no-cache")) {
            return Duration.ZERO; // stored, but revalidated before every use
        }
        Optional<Long> sMaxAge = seconds(cacheControl, "s-maxage");
        if (sMaxAge.isPresent()) {
            return Duration.ofSeconds(sMaxAge.get());
        }
        Optional<Long> maxAge = seconds(cacheControl, "max-age");
        if (maxAge.isPresent()) {
            return Duration.ofSeconds(maxAge.get());
        }
        if (expires != null) {
            Instant at = HttpDates.parse(expires);
            // RFC 9111: an invalid Expires means already expired.
            return at == null || at.isBefore(requestedAt)
                    ? Duration.ZERO
                    : Duration.ofSeconds(
                            Math.min(Duration.between(requestedAt, at).toSeconds(), MAX_DELTA_SECONDS));
        }
        return defaultTtl;
    }

    static boolean has(String cacheControl, String directive) {
        if (cacheControl == null) {
            return false;
        }
        for (String part : cacheControl.split(",")) {
            String name = part.trim().split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals(directive)) {
                return true;
            }
        }
        return false;
    }

    /** The value of a numeric directive, if present and well-formed. */
    static Optional<Long> seconds(String cacheControl, String name) {
        OptionalLong value = directive(cacheControl, name);
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private static OptionalLong directive(String cacheControl, String name) {
        if (cacheControl == null) {
            return OptionalLong.empty();
        }
        for (String part : cacheControl.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals(name)) {
                return deltaSeconds(kv[1].trim().replace("\"", ""));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * RFC 9111 §1.2.2 delta-seconds: digits only, and a value past 2^31 (however many digits it
     * has) is taken as 2^31, so no lifetime an origin sends can overflow a date.
     */
    static OptionalLong deltaSeconds(String value) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        return OptionalLong.of(
                digits.length() > 10 ? MAX_DELTA_SECONDS : Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS));
    }
}
