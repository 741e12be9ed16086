package io.geotier.node.cluster;

import io.geotier.registry.NodeEntry;
import io.geotier.registry.RegistryCaches;
import io.geotier.registry.SiteCaches;
import jakarta.inject.Singleton;
import java.util.List;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

/**
 * The shared caches of the node's site, found by {@link SiteCaches} rather than injected with
 * {@code @Remote} (which the Quarkus extension resolves at start, so a node whose site was down
 * could not start): a node starts, serves from disk and stays ready without its site.
 */
@Singleton
public class ClusterCaches {

    private final RemoteCache<String, ObjectRecord> objects;
    private final RemoteCache<String, Long> purges;
    private final RemoteCache<String, NodeEntry> nodes;
    private final RemoteCache<String, String> drains;

    private final SiteCaches site;

    public ClusterCaches(RemoteCacheManager manager) {
        this.site = new SiteCaches(
                manager,
                WAIT_AT_START,
                List.of(ObjectCatalog.CACHE, PurgeLog.CACHE, RegistryCaches.NODES, RegistryCaches.DRAINS));
        this.objects = site.cache(ObjectCatalog.CACHE);
        this.purges = site.cache(PurgeLog.CACHE);
        this.nodes = site.cache(RegistryCaches.NODES);
        this.drains = site.cache(RegistryCaches.DRAINS);
    }

    /** How long the node's start waits for its site: found at once when it is up, never waited out. */
    private static final java.time.Duration WAIT_AT_START = java.time.Duration.ofSeconds(3);

    @jakarta.annotation.PreDestroy
    void close() {
        site.close();
    }

    public RemoteCache<String, ObjectRecord> objects() {
        return objects;
    }

    public RemoteCache<String, Long> purges() {
        return purges;
    }

    public RemoteCache<String, NodeEntry> nodes() {
        return nodes;
    }

    public RemoteCache<String, String> drains() {
        return drains;
    }
}
