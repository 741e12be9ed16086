package io.geotier.node.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geotier.node.Failures;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Warms a list of keys (a CLI's prefetch): each job fills its keys a few at a time through the
 * same coalesced fills as GETs, and keeps its progress for an hour so that a caller can poll it.
 * A key already fresh counts as done without asking the origin.
 */
@Singleton
public class Prefetches {

    /** How prefetch jobs are bounded. */
    @ConfigMapping(prefix = "geotier.prefetch")
    public interface Config {
        /** Keys of one job filled at once. */
        @WithDefault("4")
        int concurrency();

        /** Keys one job may list; past it the call is refused (400). */
        @WithDefault("10000")
        int maxKeys();
    }

    private static final Duration KEPT_FOR = Duration.ofHours(1);

    private final ObjectStore store;
    private final Filler filler;
    private final InstantSource clock;
    private final Config config;
    private final Cache<String, PrefetchJob> jobs =
            Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(KEPT_FOR).build();

    public Prefetches(ObjectStore store, Filler filler, Config config, InstantSource clock) {
        this.store = store;
        this.filler = filler;
        this.config = config;
        this.clock = clock;
    }

    public int maxKeys() {
        return config.maxKeys();
    }

    /** Starts warming the keys; the job's progress is then at {@link #find}. */
    public PrefetchJob start(List<ObjectKey> keys) {
        if (keys.size() > config.maxKeys()) {
            throw new IllegalArgumentException(
                    "a prefetch takes at most " + config.maxKeys() + " keys, not " + keys.size());
        }
        PrefetchJob job = new PrefetchJob(UUID.randomUUID().toString(), keys, clock);
        jobs.put(job.id(), job);
        for (int i = 0; i < Math.min(config.concurrency(), keys.size()); i++) {
            next(job);
        }
        if (keys.isEmpty()) {
            job.finishIfDone();
        }
        return job;
    }

    public Optional<PrefetchJob> find(String id) {
        return Optional.ofNullable(jobs.getIfPresent(id));
    }

    /** Takes the job's next key, if any, and fills it; its end starts the one after. */
    private void next(PrefetchJob job) {
        ObjectKey key = job.take();
        if (key == null) {
            return;
        }
        StoredObject current = store.find(key).orElse(null);
        if (current != null && current.isFresh(clock.instant())) {
            job.done(0);
            next(job);
            return;
        }
        FillLease lease = filler.fill(key, null, current);
        lease.fill().done().whenComplete((stored, failure) -> {
            lease.close();
            if (failure != null) {
                job.failed(key, Failures.cause(failure).getMessage());
            } else {
                job.done(stored == null ? 0 : stored.size());
            }
            next(job);
        });
    }
}
