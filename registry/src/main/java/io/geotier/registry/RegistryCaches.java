package io.geotier.registry;

/** The Infinispan caches of the node registry, defined on every site's server. */
public final class RegistryCaches {

    /**
     * Node name to {@link NodeEntry}, each written by its node with a lifespan its heartbeat
     * renews: a node that stops heartbeating disappears on its own.
     */
    public static final String NODES = "geotier-nodes";

    /**
     * Node name to why and when it was drained (text). A drained node gets no new clients from any
     * geodns. Kept apart from the heartbeats so that an operator's drain outlives the node's own
     * writes, a geodns restart and the node's restart, until it is undrained.
     */
    public static final String DRAINS = "geotier-drains";

    private RegistryCaches() {}
}
