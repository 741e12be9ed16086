package io.geotier.node.store;

import java.time.Instant;

/**
 * Whether a fresh stored copy may be served as it is. Not while this node may have missed purges:
 * cut off from its cluster for too long, or catching up after it came back. Then every hit is
 * revalidated with the origin first.
 */
@FunctionalInterface
public interface CopyTrust {

    /** A node without a cluster to miss purges from. */
    CopyTrust ALWAYS = now -> true;

    boolean trusted(Instant now);
}
