package io.geotier.node.api;

import io.geotier.node.fetch.HttpDates;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditional headers of a GET or HEAD (RFC 9110 13): If-None-Match (weak comparison, wins
 * over If-Modified-Since) decides a 304; If-Range (strong comparison, or the exact date) decides
 * whether Range is honoured. Headers that cannot be read are refused (400), not ignored, so a
 * client never silently gets a full body it did not expect.
 */
public final class Preconditions {

    /** A conditional header that is syntactically broken: 400 with a JSON body. */
    public static final class MalformedConditionException extends IllegalArgumentException {
        MalformedConditionException(String message) {
            super(message);
        }
    }

    private final List<String> ifNoneMatch;
    private final Instant ifModifiedSince;
    private final String ifRange;

    private Preconditions(List<String> ifNoneMatch, Instant ifModifiedSince, String ifRange) {
        this.ifNoneMatch = ifNoneMatch;
        this.ifModifiedSince = ifModifiedSince;
        this.ifRange = ifRange;
    }

    public static Preconditions parse(MultiMap headers) {
        String inm = headers.get("If-None-Match");
        String ims = headers.get("If-Modified-Since");
        String ir = headers.get("If-Range");
        Instant since = null;
        if (ims != null) {
            since = HttpDates.parse(ims);
            if (since == null) {
                throw new MalformedConditionException("If-Modified-Since is not an HTTP-date");
            }
        }
        if (ir != null && !isEntityTag(ir.trim()) && HttpDates.parse(ir) == null) {
            throw new MalformedConditionException("If-Range is neither an entity-tag nor an HTTP-date");
        }
        return new Preconditions(inm == null ? null : entityTags(inm), since, ir == null ? null : ir.trim());
    }

    /** Whether the client's copy is current, so a 304 answers it. */
    public boolean notModified(String etag, Instant lastModified) {
        if (ifNoneMatch != null) {
            if (etag == null) {
                return false;
            }
            String opaque = opaque(etag);
            return ifNoneMatch.stream().anyMatch(t -> t.equals("*") || opaque(t).equals(opaque));
        }
        return ifModifiedSince != null
                && lastModified != null
                && !lastModified.isAfter(ifModifiedSince.plusMillis(999));
    }

    /** Whether Range may be honoured: no If-Range, or one that still names this representation. */
    public boolean rangeApplies(String etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        if (isEntityTag(ifRange)) {
            return etag != null && !etag.startsWith("W/") && !ifRange.startsWith("W/") && ifRange.equals(etag);
        }
        Instant date = HttpDates.parse(ifRange);
        return lastModified != null && date != null && lastModified.getEpochSecond() == date.getEpochSecond();
    }

    private static List<String> entityTags(String header) {
        String value = header.trim();
        if (value.equals("*")) {
            return List.of("*");
        }
        List<String> tags = new ArrayList<>();
        for (String part : value.split(",")) {
            String tag = part.trim();
            if (!isEntityTag(tag)) {
                throw new MalformedConditionException("If-None-Match holds something that is not an entity-tag");
            }
            tags.add(tag);
        }
        return tags;
    }

    private static boolean isEntityTag(String s) {
        String t = s.startsWith("W/") ? s.substring(2) : s;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") && t.indexOf('"', 1) == t.length() - 1;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
