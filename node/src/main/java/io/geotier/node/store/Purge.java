package io.geotier.node.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One purge: of a key, of every key under a prefix, or of every object carrying a tag; hard
 * (the bytes go) or soft (the copies go stale). A purge applies to copies stored at or before its
 * instant, so applying it again, later or on another node, never takes a copy fetched after it.
 *
 * @param target the object key's id, the canonical key prefix, or the tag
 */
public record Purge(String id, Kind kind, String target, boolean soft, Instant issuedAt) {

    public enum Kind {
        KEY,
        PREFIX,
        TAG
    }

    private static final String SEP = "\t";

    public Purge {
        if (id.contains(SEP) || kind == null || target == null || target.isEmpty() || issuedAt == null) {
            throw new IllegalArgumentException("malformed purge");
        }
    }

    /** A new purge, issued now. */
    public static Purge issue(Kind kind, String target, boolean soft, Instant now) {
        return new Purge(UUID.randomUUID().toString(), kind, target, soft, now);
    }

    /**
     * The purge as one string, so that it travels whole in a cache key (a listener event carries
     * the key, and needs no read to learn what to purge). The target comes last: it may hold anything.
     */
    public String encode() {
        return id + SEP + kind + SEP + (soft ? "soft" : "hard") + SEP + issuedAt.toEpochMilli() + SEP + target;
    }

    public static Purge decode(String encoded) {
        String[] f = encoded.split(SEP, 5);
        if (f.length != 5) {
            throw new IllegalArgumentException("not a purge: " + encoded);
        }
        return new Purge(
                f[0], Kind.valueOf(f[1]), f[4], f[2].equals("soft"), Instant.ofEpochMilli(Long.parseLong(f[3])));
    }

    /** Whether this purge takes the object with this key and these tags (whenever it was stored). */
    public boolean covers(ObjectKey key, java.util.Set<String> tags) {
        return switch (kind) {
            case KEY -> target.equals(key.id());
            case PREFIX -> key.path().startsWith(target);
            case TAG -> tags.contains(target);
        };
    }

    /** The object key of a KEY purge. */
    public ObjectKey key() {
        int q = target.indexOf('?');
        return q < 0 ? new ObjectKey(target) : new ObjectKey(target.substring(0, q), target.substring(q + 1));
    }
}
