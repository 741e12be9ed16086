package io.geotier.node.store;

import io.geotier.node.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The name of a cached object: the origin path it came from plus the query parameters that select
 * a different object (see {@link KeyPolicy}), checked so that it can never name anything outside
 * the cache or the origin's path space.
 *
 * <p>A key keeps the bytes the client sent, percent-encoded in one canonical way (RFC 3986
 * §6.2.2): an encoded unreserved character is decoded ({@code %41} is {@code A}), every other
 * encoding keeps its byte with upper-case hex, and a character that may not stand literally is
 * encoded byte by byte. So {@code %ff} and {@code %fe} stay two keys (decoding them to text made
 * both U+FFFD), and a raw non-ASCII path and its encoded form are one key, encoded once.
 *
 * <p>Invariant: {@link #path()} is canonical, non-empty, at most {@link #MAX_BYTES} bytes once
 * decoded, has no leading slash, no empty, "." or ".." segment, no encoded slash or backslash, no
 * control byte; {@link #query()} is "" or canonical "name=value" pairs joined by "&amp;".
 */
public record ObjectKey(String path, String query) {

    public static final int MAX_BYTES = 1024;

    /** Characters that stand for themselves in a path, besides the unreserved ones (RFC 3986 pchar and '/'). */
    private static final String PATH_LITERALS = "!$&'()*+,;=:@/";
    /** In a query '?' may stand for itself too. */
    private static final String QUERY_LITERALS = PATH_LITERALS + "?";

    /** A key from its path and query as text (UTF-8), encoded canonically; a canonical key is unchanged. */
    public ObjectKey {
        path = canonical(path == null ? "" : path, PATH_LITERALS, false);
        check(path);
        query = query == null ? "" : canonical(query, QUERY_LITERALS, false);
        if (decodedLength(path) + decodedLength(query) > 2 * MAX_BYTES) {
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
     * Parses the raw (still percent-encoded) request path as the HTTP server hands it over: one
     * char per byte of the request line. Encoded slashes and backslashes are refused rather than
     * decoded: "a%2Fb" and "a/b" must not become one key, and neither may smuggle a traversal past
     * the segment check.
     */
    public static ObjectKey fromRawPath(String rawPath) {
        return fromRawPath(rawPath, "");
    }

    /** The key of a raw request path and an already canonical query (see {@link KeyPolicy}). */
    static ObjectKey fromRawPath(String rawPath, String canonicalQuery) {
        if (rawPath == null) {
            throw new InvalidKeyException("missing object path");
        }
        String path = canonical(rawPath, PATH_LITERALS, true);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return new ObjectKey(path, canonicalQuery);
    }

    /**
     * A key-path prefix as a client writes it (percent-encoded or not), in the canonical form keys
     * are compared in; a leading slash is dropped.
     */
    public static String canonicalPrefix(String raw) {
        String prefix = canonical(raw, PATH_LITERALS, false);
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (prefix.isEmpty()) {
            throw new InvalidKeyException("empty prefix");
        }
        return prefix;
    }

    /**
     * RFC 3986 §6.2.2 normalisation of a path or query.
     *
     * @param wireBytes whether each char is one byte of the request (chars above 0xff are then
     *                  impossible); otherwise chars are text, encoded as UTF-8
     */
    static String canonical(String raw, String literals, boolean wireBytes) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new InvalidKeyException("malformed percent-encoding in object key");
                }
                int hi = hexDigit(raw.charAt(i + 1));
                int lo = hexDigit(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new InvalidKeyException("malformed percent-encoding in object key");
                }
                appendByte(out, hi << 4 | lo, "");
                i += 2;
            } else if (c < 0x80) {
                appendByte(out, c, literals);
            } else if (wireBytes && c <= 0xff) {
                appendByte(out, c & 0xff, "");
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendByte(out, b & 0xff, "");
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    /** A byte as itself when unreserved or one of the literals, else %XX. */
    private static void appendByte(StringBuilder out, int b, String literals) {
        boolean unreserved = (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '.'
                || b == '_'
                || b == '~';
        if (unreserved || (b < 0x80 && b > 0x20 && literals.indexOf(b) >= 0)) {
            out.append((char) b);
        } else {
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** ASCII hex only: Character.digit would also take other scripts' digits. */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static int decodedLength(String canonical) {
        int escapes = 0;
        for (int i = canonical.indexOf('%'); i >= 0; i = canonical.indexOf('%', i + 1)) {
            escapes++;
        }
        return canonical.length() - 2 * escapes;
    }

    /** Hex SHA-256 of the key: the object's file name, spread over shard directories. */
    public String hash() {
        return HexFormat.of().formatHex(Sha256.of(id()));
    }

    @Override
    public String toString() {
        return id();
    }

    private static void check(String path) {
        if (path.isEmpty()) {
            throw new InvalidKeyException("empty object path");
        }
        if (decodedLength(path) > MAX_BYTES) {
            throw new InvalidKeyException("object path longer than " + MAX_BYTES + " bytes");
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            int b = Integer.parseInt(path.substring(i + 1, i + 3), 16);
            if (b < 0x20 || b == 0x7f) {
                throw new InvalidKeyException("control character in object path");
            }
            if (b == '/' || b == '\\') {
                throw new InvalidKeyException("encoded slash or backslash in object path");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidKeyException("empty, '.' or '..' segment in object path");
            }
        }
    }
}
