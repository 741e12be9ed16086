package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The origin's access rules, applied to every request before the store is consulted, so that a
 * stored copy is never worth more to a client than the origin would make its credentials. Fails
 * with {@link AccessDeniedException} when the origin would refuse the request.
 */
@FunctionalInterface
public interface AccessCheck {

    /** Every request may read every object (a plain HTTP origin). */
    AccessCheck OPEN = (key, rawQuery) -> CompletableFuture.completedFuture(null);

    /** Completes when the origin would serve this request; fails with {@link AccessDeniedException} when not. */
    CompletionStage<Void> admit(ObjectKey key, String rawQuery);
}
