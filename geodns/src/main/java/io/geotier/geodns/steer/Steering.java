package io.geotier.geodns.steer;

import io.geotier.geodns.geo.ClientLocation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks the node to answer a located client with: the closest healthy node by great-circle
 * distance. A client pinned to a region gets that region's node when one is healthy, else the
 * healthy node closest to that region. When no node is healthy every node is a candidate (as
 * gdnsd does), so a probe outage never takes the name off the air.
 */
public final class Steering {

    private final List<Node> nodes;
    private final Predicate<Node> healthy;
    private final String defaultRegion;

    /** @param defaultRegion the region for clients nothing placed; null for "the first node's" */
    public Steering(List<Node> nodes, Predicate<Node> healthy, String defaultRegion) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.healthy = healthy;
        this.defaultRegion = defaultRegion != null ? defaultRegion : nodes.get(0).region();
    }

    public Node choose(ClientLocation location) {
        List<Node> healthyNodes = nodes.stream().filter(healthy).toList();
        List<Node> candidates = healthyNodes.isEmpty() ? nodes : healthyNodes;
        if (location instanceof ClientLocation.AtPoint p) {
            return closest(candidates, p.latitude(), p.longitude());
        }
        String region = location instanceof ClientLocation.InRegion r ? r.region() : defaultRegion;
        return inRegion(candidates, region).orElseGet(() -> closestToRegion(candidates, region));
    }

    private static Optional<Node> inRegion(List<Node> candidates, String region) {
        return candidates.stream().filter(n -> n.region().equals(region)).findFirst();
    }

    /** The candidate closest to the centre of the region's configured nodes. */
    private Node closestToRegion(List<Node> candidates, String region) {
        List<Node> members = nodes.stream().filter(n -> n.region().equals(region)).toList();
        if (members.isEmpty()) {
            return candidates.get(0);
        }
        double lat = members.stream().mapToDouble(Node::latitude).average().orElse(0);
        double lon = members.stream().mapToDouble(Node::longitude).average().orElse(0);
        return closest(candidates, lat, lon);
    }

    private static Node closest(List<Node> candidates, double lat, double lon) {
        return candidates.stream()
                .min(Comparator.comparingDouble(n -> GreatCircle.km(lat, lon, n.latitude(), n.longitude())))
                .orElseThrow();
    }
}
