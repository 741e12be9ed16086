package io.geotier.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Keys are object paths: "podcasts/ep1.mp3", with or without a leading slash, the same key. */
final class ObjectKeys {

    private ObjectKeys() {}

    /** The key without leading slashes; every call of the client takes keys through here. */
    static String normalise(String key) {
        Objects.requireNonNull(key, "key");
        String k = key.replaceFirst("^/+", "");
        if (k.isEmpty()) {
            throw new IllegalArgumentException("empty object key");
        }
        return k;
    }

    /** Percent-encodes each path segment, keeping the slashes between them. */
    static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
