package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import java.util.Optional;

/**
 * Another node that may already hold an object, asked before the origin so that an object leaves
 * the origin once. The caller owns a response it gets, as with {@link Origin}.
 */
@FunctionalInterface
public interface PeerSource {

    /** No peers (a node without a cluster, and tests of one node's logic). */
    PeerSource NONE = (key, rawQuery) -> Optional.empty();

    /** A 200 from the closest peer that holds the object, or empty: then ask the origin. Never throws. */
    Optional<OriginResponse> fetch(ObjectKey key, String rawQuery);

    /**
     * A 200 from the shield region's node for this key (which fills it from the origin if it must),
     * or empty when this node may ask the origin itself: it is in the shield region, no shield is
     * configured, or no shield node answers. Never throws.
     */
    default Optional<OriginResponse> viaShield(ObjectKey key, String rawQuery) {
        return Optional.empty();
    }

    /**
     * Called after this node named itself as filling the key from the origin: waits for claims
     * other regions made at the same moment to arrive, and answers the node that got there first
     * when that is another node (empty when it is this one). Blocks for the settle time.
     */
    default Optional<String> firstClaimant(ObjectKey key) {
        return Optional.empty();
    }

    /** A 200 from the named node's store or fill in flight (only-if-cached), or empty. Never throws. */
    default Optional<OriginResponse> fetchFrom(String node, ObjectKey key, String rawQuery) {
        return Optional.empty();
    }
}
