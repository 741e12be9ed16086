package io.geotier.node.fetch;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Redirect while caching (s3cache's and cache-tier's behaviour): a miss under one of these key
 * prefixes answers 302 to the origin's URL, the client's query (a presigned signature) intact,
 * and fills the object behind it, so no client waits on a slow fill; once stored the same URL is
 * a HIT.
 */
@ConfigMapping(prefix = "geotier.redirect")
public interface RedirectConfig {

    /** Key prefixes (paths without the leading slash, such as {@code podcasts/}); none by default. */
    Optional<List<String>> prefixes();

    /** Whether a key falls under a redirect prefix. */
    default boolean redirects(String keyPath) {
        return prefixes()
                .map(list -> list.stream().anyMatch(p -> !p.isEmpty() && keyPath.startsWith(stripSlash(p))))
                .orElse(false);
    }

    private static String stripSlash(String prefix) {
        return prefix.startsWith("/") ? prefix.substring(1) : prefix;
    }
}
