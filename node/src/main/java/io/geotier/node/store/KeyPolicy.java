package io.geotier.node.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which part of a request names the object. The path always does; of the query, only the
 * parameters configured as significant, sorted so that their order does not matter. Presigned-URL
 * parameters (S3's X-Amz-*, Signature, Expires, AWSAccessKeyId; GCS's X-Goog-*) never do: every
 * user gets a different signature for the same object. They still reach the origin with the fill.
 */
@Singleton
public class KeyPolicy {

    /** How requests map to keys. */
    @ConfigMapping(prefix = "geotier.key")
    public interface Config {
        /** Query parameters that select a different object: "*" for all, "none", or a list of names. */
        @WithDefault("*")
        List<String> queryParams();
    }

    private static final Set<String> PRESIGN_NAMES = Set.of("signature", "expires", "awsaccesskeyid");
    private static final String URI_QUERY_CHARS = "-._~!$&'()*+,;=:@/?%";

    private final boolean allParams;
    private final Set<String> significant;

    public KeyPolicy(Config config) {
        List<String> names = config.queryParams();
        this.allParams = names.contains("*");
        this.significant =
                names.stream().filter(n -> !n.equals("*") && !n.equals("none")).collect(Collectors.toSet());
    }

    /** The key of a request, from its raw (still encoded) path and query. */
    public ObjectKey keyOf(String rawPath, String rawQuery) {
        checkQuery(rawQuery);
        return ObjectKey.fromRawPath(rawPath, canonicalQuery(rawQuery));
    }

    /** Characters a query may carry unencoded; anything else is refused before it reaches the origin. */
    static void checkQuery(String rawQuery) {
        if (rawQuery == null) {
            return;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && URI_QUERY_CHARS.indexOf(c) < 0) {
                throw new InvalidKeyException("character not allowed in query: 0x" + Integer.toHexString(c));
            }
            if (c == '%'
                    && (i + 2 >= rawQuery.length()
                            || Character.digit(rawQuery.charAt(i + 1), 16) < 0
                            || Character.digit(rawQuery.charAt(i + 2), 16) < 0)) {
                throw new InvalidKeyException("malformed percent-encoding in query");
            }
        }
    }

    String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String name = decode(pair.split("=", 2)[0]);
            if (!isPresign(name) && (allParams || significant.contains(name))) {
                kept.add(new String[] {name, pair});
            }
        }
        // By name only, and stably: a=2&a=1 and a=1&a=2 may be different objects to the origin.
        kept.sort(Comparator.comparing(a -> a[0]));
        return kept.stream().map(a -> a[1]).collect(Collectors.joining("&"));
    }

    static boolean isPresign(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("x-amz-") || lower.startsWith("x-goog-") || PRESIGN_NAMES.contains(lower);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("malformed percent-encoding in query");
        }
    }
}
