package io.geotier.node.fetch;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP-date (RFC 9110 §5.6.7) in and out. Written as IMF-fixdate; read in all three forms a
 * recipient must accept: IMF-fixdate, the obsolete RFC 850 form and C's asctime() form.
 */
public final class HttpDates {

    /** IMF-fixdate (RFC 9110 §5.6.7): two-digit day, unlike Java's RFC_1123_DATE_TIME, which writes "6 Nov". */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    /** Sunday, 06-Nov-94 08:49:37 GMT */
    private static final Pattern RFC_850 =
            Pattern.compile("[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    /** Sun Nov  6 08:49:37 1994 */
    private static final Pattern ASCTIME =
            Pattern.compile("[A-Za-z]{3} ([A-Za-z]{3}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private HttpDates() {}

    /** The instant of an HTTP-date, or null when absent or malformed. */
    public static Instant parse(String value) {
        return parse(value, Instant.now());
    }

    /** @param now decides the century of an RFC 850 two-digit year */
    static Instant parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            // not IMF-fixdate: one of the obsolete forms, or nothing
        }
        try {
            Matcher m = RFC_850.matcher(text);
            if (m.matches()) {
                return at(
                        rfc850Year(Integer.parseInt(m.group(3)), now),
                        m.group(2),
                        m.group(1),
                        m.group(4),
                        m.group(5),
                        m.group(6));
            }
            m = ASCTIME.matcher(text);
            if (m.matches()) {
                return at(Integer.parseInt(m.group(6)), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            return null; // 31 February and the like
        }
        return null;
    }

    /** RFC 9110: a two-digit year more than 50 years in the future is the most recent past one ending so. */
    private static int rfc850Year(int twoDigits, Instant now) {
        int current = now.atZone(ZoneOffset.UTC).getYear();
        int year = current - current % 100 + twoDigits;
        return year > current + 50 ? year - 100 : year;
    }

    private static Instant at(int year, String month, String day, String hour, String minute, String second) {
        int m = MONTHS.indexOf(month.toLowerCase(Locale.ROOT));
        if (m < 0 || m % 3 != 0) {
            throw new IllegalArgumentException("no month " + month);
        }
        return LocalDateTime.of(
                        year,
                        m / 3 + 1,
                        Integer.parseInt(day),
                        Integer.parseInt(hour),
                        Integer.parseInt(minute),
                        Integer.parseInt(second))
                .toInstant(ZoneOffset.UTC);
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_NAMES = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    /**
     * IMF-fixdate. Every hit's Last-Modified goes through here: built from the date's fields, it
     * costs a fraction of what the pattern formatter does (issue 14's profile had that at 5 % of a
     * small hit). Years outside 1..9999 take the formatter's way of writing them.
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return FORMAT.format(instant);
        }
        StringBuilder out = new StringBuilder(29);
        out.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(out, t.getDayOfMonth()).append(' ');
        out.append(MONTH_NAMES[t.getMonthValue() - 1]).append(' ');
        twoDigits(twoDigits(out, t.getYear() / 100), t.getYear() % 100).append(' ');
        twoDigits(out, t.getHour()).append(':');
        twoDigits(out, t.getMinute()).append(':');
        twoDigits(out, t.getSecond()).append(" GMT");
        return out.toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
