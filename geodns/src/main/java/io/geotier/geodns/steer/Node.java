package io.geotier.geodns.steer;

import java.net.InetAddress;
import java.net.URI;

/** A cache node geodns can answer with. */
public record Node(String name, String region, InetAddress address, double latitude, double longitude, URI healthUrl) {
}
