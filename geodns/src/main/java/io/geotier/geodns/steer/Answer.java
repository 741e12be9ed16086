package io.geotier.geodns.steer;

import java.util.List;

/** What steering decided for one client. */
public sealed interface Answer {

    /** Seconds resolvers may keep the answer. */
    long ttl();

    /** Nodes of one region, best first. */
    record Nodes(String region, List<Node> nodes, long ttl) implements Answer {
    }

    /** Nothing could be answered with: the configured fallback is. */
    record Fallback(SteeringFallback target, long ttl) implements Answer {
    }
}
