package io.geotier.node.cluster;

/** What this node reports of its load in the registry. */
@FunctionalInterface
public interface NodeLoad {

    /** Object body bytes sent to clients since the node started. */
    long sentBytes();
}
