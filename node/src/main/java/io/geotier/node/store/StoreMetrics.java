package io.geotier.node.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/** geotier_store_bytes, geotier_store_objects, geotier_store_budget_bytes, geotier_store_free_bytes. */
@Singleton
public class StoreMetrics implements MeterBinder {

    private final ObjectStore store;

    public StoreMetrics(ObjectStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("geotier.store.bytes", store, ObjectStore::sizeBytes)
                .description("Bytes of object data in the store").register(registry);
        Gauge.builder("geotier.store.objects", store, ObjectStore::objectCount)
                .description("Objects in the store").register(registry);
        Gauge.builder("geotier.store.budget.bytes", store, ObjectStore::budgetBytes)
                .description("Configured disk budget").register(registry);
        Gauge.builder("geotier.store.free.bytes", store, s -> s.root().toFile().getUsableSpace())
                .description("Usable bytes left on the store's filesystem").register(registry);
    }
}
