package io.geotier.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class HotRodLogThrottleTest {

    private Instant now = Instant.parse("2026-12-03T12:00:00Z");
    private final HotRodLogThrottle throttle = new HotRodLogThrottle(() -> now);

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setLoggerName(logger);
        return record;
    }

    /** As JBoss Logging hands it over: printf-style, with its arguments. */
    private static LogRecord retry() {
        org.jboss.logmanager.ExtLogRecord record = new org.jboss.logmanager.ExtLogRecord(
                Level.SEVERE,
                "ISPN004007: Exception encountered. Retry %d out of %d",
                org.jboss.logmanager.ExtLogRecord.FormatStyle.PRINTF,
                "org.infinispan.client.hotrod.impl.Log");
        record.setLoggerName("org.infinispan.HOTROD");
        record.setParameters(new Object[] {4, 3});
        return record;
    }

    @Test
    void theFirstOfAKindPassesRepeatsWithinAMinuteAreCountedAndTheNextSaysHowMany() {
        assertTrue(throttle.isLoggable(retry()));
        for (int i = 0; i < 59; i++) {
            now = now.plusMillis(1000);
            assertFalse(throttle.isLoggable(retry()), "repeat " + i);
        }
        now = now.plusMillis(1000);
        LogRecord next = retry();
        assertTrue(throttle.isLoggable(next));
        assertEquals(
                "ISPN004007: Exception encountered. Retry 4 out of 3 [59 more like this in the last minute not logged]",
                ((org.jboss.logmanager.ExtLogRecord) next).getFormattedMessage());
        now = now.plusSeconds(61);
        LogRecord quiet = retry();
        assertTrue(throttle.isLoggable(quiet));
        assertTrue(quiet.getMessage().endsWith("out of %d"), "nothing was held back");
    }

    @Test
    void eachKindAndEveryOtherLoggerHasItsOwnWay() {
        assertTrue(throttle.isLoggable(retry()));
        assertTrue(throttle.isLoggable(record("org.infinispan.HOTROD", "ISPN004014: New server added(%s)")));
        assertTrue(throttle.isLoggable(record(
                "org.infinispan.client.hotrod.impl.transport.netty.OperationDispatcher",
                "Error encountered trying to add listener %s")));
        assertFalse(throttle.isLoggable(record(
                "org.infinispan.client.hotrod.impl.transport.netty.OperationDispatcher",
                "Error encountered trying to add listener %s")));
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.isLoggable(record("io.geotier.node.cluster.PurgeLog", "purge %s not yet shared")));
        }
    }
}
