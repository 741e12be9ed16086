package io.geotier.node.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/** Gauges and counters of the store: size, objects, budget, free disk, reservations, evictions. */
@Singleton
public class StoreMetrics implements MeterBinder {

    private final ObjectStore store;

    public StoreMetrics(ObjectStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("geotier.store.bytes", store, ObjectStore::sizeBytes)
                .description("Bytes of object data in the store")
                .register(registry);
        Gauge.builder("geotier.store.objects", store, ObjectStore::objectCount)
                .description("Objects in the store")
                .register(registry);
        Gauge.builder("geotier.store.budget.bytes", store, ObjectStore::budgetBytes)
                .description("Configured disk budget")
                .register(registry);
        Gauge.builder("geotier.store.free.bytes", store, ObjectStore::freeBytes)
                .description("Usable bytes left on the store's filesystem")
                .register(registry);
        Gauge.builder("geotier.store.reserved.bytes", store, ObjectStore::reservedBytes)
                .description("Bytes set aside for fills in flight")
                .register(registry);
        FunctionCounter.builder("geotier.store.evictions", store, ObjectStore::evictions)
                .description("Objects evicted to keep within the budget")
                .register(registry);
        FunctionCounter.builder("geotier.store.evicted.bytes", store, ObjectStore::evictedBytes)
                .description("Bytes evicted to keep within the budget")
                .register(registry);
    }
}
