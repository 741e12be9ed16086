package io.geotier.geodns.steer;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A cache node geodns can answer with: its addresses (one IPv4, one IPv6, or both for a
 * dual-stack node, answered as A and AAAA). {@code weight} is its share of its region's answers
 * (capacity: a node of weight 200 gets twice the answers of one of 100).
 */
public record Node(
        String name,
        String region,
        List<InetAddress> addresses,
        double latitude,
        double longitude,
        URI healthUrl,
        int weight) {

    public Node {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("node " + name + ": no address");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("node " + name + ": weight must be at least 1");
        }
    }

    public Node(
            String name,
            String region,
            InetAddress address,
            double latitude,
            double longitude,
            URI healthUrl,
            int weight) {
        this(name, region, List.of(address), latitude, longitude, healthUrl, weight);
    }

    public Node(String name, String region, InetAddress address, double latitude, double longitude, URI healthUrl) {
        this(name, region, List.of(address), latitude, longitude, healthUrl, 100);
    }

    /** The first address (the IPv4 one of a dual-stack node). */
    public InetAddress address() {
        return addresses.get(0);
    }
}
