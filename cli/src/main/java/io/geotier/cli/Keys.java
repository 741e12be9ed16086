package io.geotier.cli;

import java.nio.charset.StandardCharsets;

/**
 * Object keys as the CLI takes them: the object's path as a GET on a node gives it, with or without
 * the leading slash. What a URL cannot carry (spaces, non-ASCII) is percent-encoded here; what is
 * already percent-encoded stays, so a key copied from a URL works as it is.
 */
final class Keys {

    private Keys() {}

    static String path(String key) {
        String k = key.strip().replaceFirst("^/+", "");
        if (k.isEmpty()) {
            throw new CliFailure(CliFailure.REFUSED, "an empty object key");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : k.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}#?".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
