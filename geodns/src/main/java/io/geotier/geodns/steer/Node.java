package io.geotier.geodns.steer;

import java.net.InetAddress;
import java.net.URI;

/**
 * A cache node geodns can answer with. {@code weight} is its share of its region's answers
 * (capacity: a node of weight 200 gets twice the answers of one of 100).
 */
public record Node(String name, String region, InetAddress address, double latitude, double longitude, URI healthUrl,
        int weight) {

    public Node {
        if (weight < 1) {
            throw new IllegalArgumentException("node " + name + ": weight must be at least 1");
        }
    }

    public Node(String name, String region, InetAddress address, double latitude, double longitude, URI healthUrl) {
        this(name, region, address, latitude, longitude, healthUrl, 100);
    }
}
