package io.geotier.harness.origin;

/** The demo origin's Range support: one byte range, as most origins and S3 offer. */
final class SingleRange {

    private SingleRange() {}

    /** @return null to ignore the header, an empty array for 416, else {first, last} inclusive */
    static long[] parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                return suffix == 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            return first >= size || last < first ? new long[0] : new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
