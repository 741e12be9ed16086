package io.geotier.geodns.server;

/** Told of every answered query, for metrics. {@code region} is null unless a node was steered to. */
@FunctionalInterface
public interface QueryListener {

    QueryListener NONE = (transport, type, rcode, region, ecs) -> { };

    void answered(Transport transport, int qtype, int rcode, String region, boolean ecs);
}
