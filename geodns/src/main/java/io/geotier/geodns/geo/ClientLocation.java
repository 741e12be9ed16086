package io.geotier.geodns.geo;

/**
 * Where a client was placed, and the prefix length that placement holds for: the ECS scope a
 * resolver may cache the answer under.
 */
public sealed interface ClientLocation {

    int scopePrefix();

    /** A coverage zone pinned the client's network to a region. */
    record InRegion(String region, int scopePrefix) implements ClientLocation {}

    /** GeoIP placed the client at these coordinates. */
    record AtPoint(double latitude, double longitude, int scopePrefix) implements ClientLocation {}

    /** Nothing placed the client. */
    record Unknown(int scopePrefix) implements ClientLocation {}
}
