package io.geotier.node.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a cached object: the origin path it came from plus the query parameters that select
 * a different object (see {@link KeyPolicy}), checked so that it can never name anything outside
 * the cache or the origin's path space.
 *
 * <p>Invariant: {@link #path()} is non-empty, at most {@link #MAX_BYTES} UTF-8 bytes, has no
 * leading slash, no empty, "." or ".." segment, no backslash, no NUL or other control character;
 * {@link #query()} is "" or canonical raw "name=value" pairs joined by "&amp;", without control
 * characters.
 */
public record ObjectKey(String path, String query) {

    public static final int MAX_BYTES = 1024;

    public ObjectKey {
        check(path);
        query = query == null ? "" : query;
        if (query.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidKeyException("control character in query");
        }
        if (path.length() + query.length() > 2 * MAX_BYTES) {
            throw new InvalidKeyException("query longer than " + MAX_BYTES + " bytes");
        }
    }

    public ObjectKey(String path) {
        this(path, "");
    }

    /** The key as one string: the path, and "?query" when a query is part of it. */
    public String id() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /**
     * Parses the raw (still percent-encoded) request path. Encoded slashes and backslashes are
     * refused rather than decoded: "a%2Fb" and "a/b" must not become one key, and neither may
     * smuggle a traversal past the segment check.
     */
    public static ObjectKey fromRawPath(String rawPath) {
        return fromRawPath(rawPath, "");
    }

    /** The key of a raw request path and an already canonical query (see {@link KeyPolicy}). */
    static ObjectKey fromRawPath(String rawPath, String canonicalQuery) {
        if (rawPath == null) {
            throw new InvalidKeyException("missing object path");
        }
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            throw new InvalidKeyException("encoded slash or backslash in object path");
        }
        String decoded = percentDecode(rawPath);
        while (decoded.startsWith("/")) {
            decoded = decoded.substring(1);
        }
        return new ObjectKey(decoded, canonicalQuery);
    }

    /** Hex SHA-256 of the key: the object's file name, spread over shard directories. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return id();
    }

    private static void check(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidKeyException("empty object path");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidKeyException("object path longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidKeyException("control character in object path");
            }
            if (c == '\\') {
                throw new InvalidKeyException("backslash in object path");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidKeyException("empty, '.' or '..' segment in object path");
            }
        }
    }

    private static String percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new InvalidKeyException("malformed percent-encoding in object path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidKeyException("malformed percent-encoding in object path");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
