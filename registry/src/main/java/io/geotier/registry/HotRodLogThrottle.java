package io.geotier.registry;

import io.quarkus.logging.LoggingFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Lets each kind of Infinispan client message through once a minute. While a site is away the
 * Hot Rod client logs every failed operation at ERROR with its stack trace (ISPN004007 "Retry 4
 * out of 3", listener re-registration): about 60 lines a second from one node, which buries
 * everything else. Geotier already reports the outage where it is acted on
 * ({@code geotier_cluster_connected}, readiness details), so the first message of each kind
 * is kept whole and the repeats within the minute are counted; the next one to pass says how
 * many were left out. Messages from anything but {@code org.infinispan} pass untouched.
 *
 * <p>Applied with {@code quarkus.log.console.filter=infinispan-throttle}.
 */
@LoggingFilter(name = "infinispan-throttle")
public final class HotRodLogThrottle implements Filter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final InstantSource clock;
    /** Per kind (logger and message id): when its window opened and how many it held back. */
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public HotRodLogThrottle() {
        this(InstantSource.system());
    }

    HotRodLogThrottle(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null || !logger.startsWith("org.infinispan") || record.getMessage() == null) {
            return true;
        }
        Window window = windows.computeIfAbsent(logger + " " + kind(record.getMessage()), k -> new Window());
        int heldBack;
        synchronized (window) {
            Instant now = clock.instant();
            if (window.opened != null && now.isBefore(window.opened.plus(WINDOW))) {
                window.heldBack++;
                return false;
            }
            heldBack = window.heldBack;
            window.opened = now;
            window.heldBack = 0;
        }
        if (heldBack > 0) {
            String note = " [" + heldBack + " more like this in the last minute not logged]";
            if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
                // setMessage(String) alone would switch a printf-style message to MessageFormat
                ext.setMessage(ext.getMessage() + note, ext.getFormatStyle());
            } else {
                record.setMessage(record.getMessage() + note);
            }
        }
        return true;
    }

    /** The message's id ("ISPN004007") when it has one, else its text up to the first argument. */
    static String kind(String message) {
        int colon = message.indexOf(':');
        if (message.startsWith("ISPN") && colon > 0) {
            return message.substring(0, colon);
        }
        int brace = message.indexOf('{');
        int percent = message.indexOf('%');
        int end = message.length();
        if (brace >= 0) {
            end = Math.min(end, brace);
        }
        if (percent >= 0) {
            end = Math.min(end, percent);
        }
        return message.substring(0, Math.min(end, 80));
    }

    private static final class Window {
        Instant opened;
        int heldBack;
    }
}
