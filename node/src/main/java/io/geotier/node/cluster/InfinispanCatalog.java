package io.geotier.node.cluster;

import io.geotier.node.store.StoredObject;
import io.quarkus.infinispan.client.Remote;
import jakarta.inject.Singleton;
import org.infinispan.client.hotrod.RemoteCache;
import org.jboss.logging.Logger;

/**
 * The catalog in the cluster-wide Infinispan cache. The local store stays the truth for serving:
 * a cluster that is unreachable delays what other nodes learn, it never fails a client request.
 */
@Singleton
public class InfinispanCatalog implements ObjectCatalog {

    private static final Logger LOG = Logger.getLogger(InfinispanCatalog.class);

    private final RemoteCache<String, ObjectRecord> objects;
    private final NodeIdentity identity;

    public InfinispanCatalog(@Remote(CACHE) RemoteCache<String, ObjectRecord> objects, NodeIdentity identity) {
        this.objects = objects;
        this.identity = identity;
    }

    @Override
    public void recordStored(StoredObject object) {
        ObjectRecord record = new ObjectRecord(object.key().path(), object.size(), object.etag(),
                object.storedAt().toEpochMilli(), object.expiresAt().toEpochMilli(),
                identity.region(), identity.name());
        try {
            objects.putAsync(record.key(), record).whenComplete((previous, failure) -> {
                if (failure != null) {
                    LOG.warnf("could not publish %s to the cluster: %s", record.key(), failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not publish %s to the cluster: %s", record.key(), e.getMessage());
        }
    }
}
