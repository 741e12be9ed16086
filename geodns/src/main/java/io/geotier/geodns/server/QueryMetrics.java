package io.geotier.geodns.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * geodns_queries_total{transport,qtype,rcode,region,ecs}, geodns_query_seconds{transport}
 * (histogram of one query in {@value #LATENCY_SAMPLE}), geodns_rrl_limited_total{action}, geodns_answers_prepared_total and, per node, geodns_node_up, geodns_node_drained and geodns_node_available.
 * Counters are looked up once per distinct label set, not built per query.
 */
@Singleton // no client proxy between the query path and its counters
public class QueryMetrics implements QueryListener {

    /** One query in this many has its latency recorded: a histogram update costs more than the rest of the metrics. */
    static final int LATENCY_SAMPLE = 16;

    private record Labels(Transport transport, String qtype, String rcode, String region, boolean ecs) {}

    /**
     * The query types named in a label; every other type, all 65,536 of which come off the wire
     * from anyone, is counted as "other". A label taken from the wire as it is made one series per
     * value sent, and a spoofed UDP flood of them filled the heap.
     */
    private static final Set<Integer> NAMED_QTYPES = Set.of(
            Type.A,
            Type.NS,
            Type.CNAME,
            Type.SOA,
            Type.PTR,
            Type.MX,
            Type.TXT,
            Type.AAAA,
            Type.SRV,
            Type.NAPTR,
            Type.DS,
            Type.RRSIG,
            Type.NSEC,
            Type.DNSKEY,
            Type.SVCB,
            Type.HTTPS,
            Type.CAA,
            Type.IXFR,
            Type.AXFR,
            Type.ANY);

    /** The response codes geodns itself sends; any other is "other". */
    private static final Set<Integer> NAMED_RCODES = Set.of(
            Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP, Rcode.REFUSED, Rcode.BADVERS);

    /** Regions are configured, not sent: still bounded, so a bug elsewhere cannot grow them either. */
    static final int MAX_REGION_LABELS = 256;

    private final MeterRegistry registry;
    private final Map<Labels, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<Transport, Timer> timers = new EnumMap<>(Transport.class);
    private final Map<ResponseRateLimit.Verdict, Counter> limited = new EnumMap<>(ResponseRateLimit.Verdict.class);
    private final LongAdder prepared = new LongAdder();

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("geodns.answers.prepared", prepared, LongAdder::sum)
                .description("Queries answered from a prepared wire-format response")
                .register(registry);
        for (Transport t : Transport.values()) {
            timers.put(
                    t,
                    Timer.builder("geodns.query")
                            .description("Time from a query's bytes to its response's bytes")
                            .tag("transport", t.name().toLowerCase())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofNanos(1_000))
                            .maximumExpectedValue(Duration.ofMillis(100))
                            .register(registry));
        }
        for (ResponseRateLimit.Verdict v :
                new ResponseRateLimit.Verdict[] {ResponseRateLimit.Verdict.DROP, ResponseRateLimit.Verdict.SLIP}) {
            limited.put(
                    v,
                    Counter.builder("geodns.rrl.limited")
                            .description("UDP responses over their client network's rate budget, by what was done")
                            .tag("action", v == ResponseRateLimit.Verdict.DROP ? "dropped" : "slipped")
                            .register(registry));
        }
    }

    @Override
    public void prepared() {
        prepared.increment();
    }

    @Override
    public void limited(ResponseRateLimit.Verdict verdict) {
        limited.get(verdict).increment();
    }

    @Override
    public void answered(Transport transport, int qtype, int rcode, String region, boolean ecs) {
        Labels labels = new Labels(transport, qtypeLabel(qtype), rcodeLabel(rcode), regionLabel(region), ecs);
        LongAdder count = counters.get(labels);
        if (count == null) {
            count = counters.computeIfAbsent(labels, this::counter);
        }
        count.increment();
    }

    @Override
    public boolean times() {
        return (ThreadLocalRandom.current().nextInt() & (LATENCY_SAMPLE - 1)) == 0;
    }

    @Override
    public void took(Transport transport, long nanos) {
        timers.get(transport).record(nanos, TimeUnit.NANOSECONDS);
    }

    static String qtypeLabel(int qtype) {
        if (qtype < 0) {
            return "none";
        }
        return NAMED_QTYPES.contains(qtype) ? Type.string(qtype) : "other";
    }

    static String rcodeLabel(int rcode) {
        return NAMED_RCODES.contains(rcode) ? Rcode.string(rcode) : "other";
    }

    private final Set<String> regions = ConcurrentHashMap.newKeySet();

    private String regionLabel(String region) {
        if (region == null) {
            return "none";
        }
        if (regions.contains(region) || (regions.size() < MAX_REGION_LABELS && regions.add(region))) {
            return region;
        }
        return "other";
    }

    private LongAdder counter(Labels l) {
        LongAdder count = new LongAdder();
        FunctionCounter.builder("geodns.queries", count, LongAdder::sum)
                .description("DNS queries answered")
                .tag("transport", l.transport().name().toLowerCase())
                .tag("qtype", l.qtype())
                .tag("rcode", l.rcode())
                .tag("region", l.region())
                .tag("ecs", Boolean.toString(l.ecs()))
                .register(registry);
        return count;
    }
}
