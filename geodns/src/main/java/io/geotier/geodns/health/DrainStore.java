package io.geotier.geodns.health;

import java.util.concurrent.CompletableFuture;

/**
 * Where drains are kept beyond this process, so they survive a restart and every geodns replica
 * agrees: the cluster's registry when geodns follows it, nowhere otherwise.
 */
public interface DrainStore {

    /** Drains live in this process only. */
    DrainStore LOCAL = (name, drained) -> CompletableFuture.completedFuture(null);

    /** Records that {@code name} is drained (or no longer is); completes once it is kept. */
    CompletableFuture<Void> record(String name, boolean drained);
}
