package io.geotier.node.api;

import io.geotier.node.fetch.CacheStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/** geotier_requests_total{cache} and geotier_served_bytes_total. */
@Singleton
public class DeliveryMetrics implements io.geotier.node.cluster.NodeLoad {

    private final Map<CacheStatus, Counter> requests = new EnumMap<>(CacheStatus.class);
    private final Counter servedBytes;

    public DeliveryMetrics(MeterRegistry registry) {
        for (CacheStatus status : CacheStatus.values()) {
            requests.put(
                    status,
                    Counter.builder("geotier.requests")
                            .description("Object requests answered, by cache status")
                            .tag("cache", status.name())
                            .register(registry));
        }
        servedBytes = Counter.builder("geotier.served.bytes")
                .description("Object body bytes sent to clients")
                .register(registry);
    }

    /** Requests answered with this status since the node started. */
    public long requests(CacheStatus status) {
        return (long) requests.get(status).count();
    }

    /** Body bytes sent since the node started. */
    @Override
    public long sentBytes() {
        return (long) servedBytes.count();
    }

    void request(CacheStatus status) {
        requests.get(status).increment();
    }

    void sent(long bytes) {
        servedBytes.increment(bytes);
    }
}
