package io.geotier.node.fetch;

import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.cluster.ObjectRecord;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Expiry shared between regions: before a node revalidates an expired copy with the origin, it
 * looks at the cluster's record of the object. When another node has stored or revalidated the
 * same version (same ETag) since, and that copy is still fresh, this copy is extended to the same
 * expiry without asking the origin (geotier_origin_requests_saved_total counts it). A record that
 * does not answer within {@link #WAIT} changes nothing: the origin is asked as before.
 */
final class SharedExpiry {

    static final Duration WAIT = Duration.ofMillis(250);

    private final ObjectCatalog catalog;
    private final ObjectStore store;
    private final InstantSource clock;
    private final Counter saved;

    SharedExpiry(ObjectCatalog catalog, ObjectStore store, MeterRegistry registry, InstantSource clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.saved = Counter.builder("geotier.origin.requests.saved")
                .description("Revalidations answered from another node's record of the same version")
                .register(registry);
    }

    /** The copy extended from the cluster's record, or empty when the origin must be asked. */
    Optional<StoredObject> extend(StoredObject current) throws IOException {
        if (current.etag() == null) {
            return Optional.empty(); // nothing to prove the versions are the same
        }
        Instant now = clock.instant();
        Optional<ObjectRecord> record = catalog.find(current.key(), WAIT)
                .filter(r -> current.etag().equals(r.etag()) && r.expiresAt() > now.toEpochMilli());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochMilli(record.get().expiresAt());
        // The version is known current as of the other node's fetch, not now: a purge issued in
        // between that reaches this node late must still take the copy.
        Instant currentAsOf = Instant.ofEpochMilli(Math.min(record.get().storedAt(), now.toEpochMilli()));
        if (currentAsOf.isBefore(current.storedAt())) {
            currentAsOf = current.storedAt();
        }
        Optional<StoredObject> extended = store.refresh(
                current.refreshed(currentAsOf, expiresAt, expiresAt, expiresAt.plus(current.staleIfErrorWindow())));
        extended.ifPresent(o -> saved.increment());
        return extended;
    }
}
