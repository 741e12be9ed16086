package io.geotier.node.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A Range header (RFC 9110 14.1.2) read against an object's size. Units other than bytes are
 * ignored, as the RFC asks; so are more than {@link #MAX_RANGES} ranges (a DoS shape: the whole
 * object is sent instead, as Apache does past MaxRanges). Overlapping or adjacent ranges are
 * merged (RFC 9110 14.2 allows it), so a response never carries a byte twice: no Range header can
 * make a 206 larger than the object (CVE-2011-3192's amplification). A bytes range we cannot read
 * is refused rather than guessed at.
 */
public final class ByteRanges {

    static final int MAX_RANGES = 64;

    /** Bytes [first, last], both inclusive. */
    public record Range(long first, long last) {
        public long length() {
            return last - first + 1;
        }
    }

    /** A Range header that is syntactically broken: 416 with a JSON body. */
    public static final class MalformedRangeException extends IllegalArgumentException {
        MalformedRangeException(String message) {
            super(message);
        }
    }

    /** Raw ranges before the size is known: first=-1 marks a suffix of {@code last} bytes. */
    record Spec(long first, long last) {}

    private final List<Spec> specs;

    private ByteRanges(List<Spec> specs) {
        this.specs = specs;
    }

    /** @return null when the request has no Range to honour */
    public static ByteRanges parse(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new MalformedRangeException("malformed Range header");
        }
        if (!value.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return null;
        }
        List<Spec> specs = new ArrayList<>();
        for (String part : value.substring(eq + 1).split(",", -1)) {
            if (!part.isBlank()) { // RFC 9110 5.6.1: a list may have empty elements, which count for nothing
                specs.add(spec(part.trim()));
            }
        }
        if (specs.isEmpty()) {
            throw new MalformedRangeException("a Range header with no byte range");
        }
        return specs.size() > MAX_RANGES ? null : new ByteRanges(specs);
    }

    private static Spec spec(String part) {
        int dash = part.indexOf('-');
        if (dash < 0 || part.indexOf('-', dash + 1) >= 0) {
            throw new MalformedRangeException("malformed byte range '" + part + "'");
        }
        String from = part.substring(0, dash).trim();
        String to = part.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                long suffix = digits(to);
                return new Spec(-1, suffix);
            }
            long first = digits(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
            if (last < first) {
                throw new MalformedRangeException("byte range '" + part + "' ends before it starts");
            }
            return new Spec(first, last);
        } catch (NumberFormatException e) {
            throw new MalformedRangeException("malformed byte range '" + part + "'");
        }
    }

    /** A position or length; past what a long holds it is "to the end" (Long.MAX_VALUE), as any size is smaller. */
    private static long digits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        String significant = s.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }

    /** The length of the first range when it is a suffix ({@code bytes=-N}); else -1. */
    public long suffixLength() {
        return specs.get(0).first() < 0 ? specs.get(0).last() : -1;
    }

    /** The first byte asked for, when it does not depend on the size; else -1. */
    public long firstStart() {
        return specs.get(0).first();
    }

    /** The ranges that fall inside an object of this size, merged and in order; empty means 416. */
    public List<Range> satisfiable(long size) {
        return merged(inside(size));
    }

    private List<Range> inside(long size) {
        List<Range> ranges = new ArrayList<>();
        for (Spec s : specs) {
            if (s.first() < 0) {
                if (s.last() > 0 && size > 0) {
                    ranges.add(new Range(Math.max(0, size - s.last()), size - 1));
                }
            } else if (s.first() < size) {
                ranges.add(new Range(s.first(), Math.min(s.last(), size - 1)));
            }
        }
        return ranges;
    }

    /** Overlapping and adjacent ranges as one: the bytes asked for, each once. */
    private static List<Range> merged(List<Range> ranges) {
        if (ranges.size() < 2) {
            return ranges;
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        Range current = sorted.get(0);
        for (Range next : sorted.subList(1, sorted.size())) {
            if (next.first() <= current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }
}
