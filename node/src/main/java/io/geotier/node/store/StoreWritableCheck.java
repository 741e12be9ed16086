package io.geotier.node.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the store accepts writes: a node that cannot store must not be sent users. */
@Readiness
@ApplicationScoped
public class StoreWritableCheck implements HealthCheck {

    private final ObjectStore store;

    public StoreWritableCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("store")
                .status(store.isWritable())
                .withData("dir", store.root().toString())
                .withData("bytes", store.sizeBytes())
                .withData("objects", store.objectCount())
                .build();
    }
}
