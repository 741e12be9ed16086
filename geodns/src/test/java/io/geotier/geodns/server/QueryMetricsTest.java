package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Labels come from a bounded set, whatever the wire carries (defect: 65,536 qtypes made 164k series). */
class QueryMetricsTest {

    private static long querySeries(SimpleMeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(m -> m.getId().getName().equals("geodns.queries"))
                .count();
    }

    @Test
    void everyQtypeOnTheWireLeavesTheSeriesCountBounded() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueryMetrics metrics = new QueryMetrics(registry);
        for (String region : new String[] {null, "eu-west", "us-east"}) {
            for (int qtype = 0; qtype <= 0xffff; qtype++) {
                metrics.answered(Transport.UDP, qtype, Rcode.NOERROR, region, qtype % 2 == 0);
            }
        }
        long afterOneSweep = querySeries(registry);
        assertTrue(afterOneSweep <= 3 * 21 * 2, "named qtypes and 'other' per region and ECS: " + afterOneSweep);
        Runtime rt = Runtime.getRuntime();
        for (int qtype = 0; qtype <= 0xffff; qtype++) {
            metrics.answered(Transport.TCP, qtype, qtype & 0xfff, "eu-west", false);
        }
        long afterTcp = querySeries(registry);
        assertTrue(afterTcp - afterOneSweep <= 21 * 8, "TCP adds at most named qtypes x named rcodes: " + afterTcp);
        for (int round = 0; round < 3; round++) {
            for (int qtype = 0; qtype <= 0xffff; qtype++) {
                metrics.answered(Transport.TCP, qtype, qtype & 0xfff, "eu-west", false);
            }
        }
        assertEquals(afterTcp, querySeries(registry), "the same wire values again add nothing");
        assertTrue(rt.totalMemory() - rt.freeMemory() < rt.maxMemory(), "still running, heap not exhausted");
    }

    @Test
    void commonTypesKeepTheirNamesAndTheRestAreOther() {
        assertEquals("A", QueryMetrics.qtypeLabel(Type.A));
        assertEquals("AAAA", QueryMetrics.qtypeLabel(Type.AAAA));
        assertEquals("AXFR", QueryMetrics.qtypeLabel(Type.AXFR));
        assertEquals("other", QueryMetrics.qtypeLabel(65_000));
        assertEquals("other", QueryMetrics.qtypeLabel(Type.NULL));
        assertEquals("none", QueryMetrics.qtypeLabel(-1));
        assertEquals("BADVERS", QueryMetrics.rcodeLabel(Rcode.BADVERS));
        assertEquals("other", QueryMetrics.rcodeLabel(3000));
    }

    @Test
    void regionsPastTheBoundAreOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueryMetrics metrics = new QueryMetrics(registry);
        for (int i = 0; i < QueryMetrics.MAX_REGION_LABELS + 100; i++) {
            metrics.answered(Transport.UDP, Type.A, Rcode.NOERROR, "region-" + i, false);
        }
        assertEquals(QueryMetrics.MAX_REGION_LABELS + 1, querySeries(registry));
    }
}
