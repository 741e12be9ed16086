package io.geotier.geodns.steer;

import java.util.List;

/** The nodes of one region, located at their mean position. */
record Region(String name, double latitude, double longitude, List<Node> nodes) {

    static Region of(String name, List<Node> nodes) {
        double lat = nodes.stream().mapToDouble(Node::latitude).average().orElseThrow();
        double lon = nodes.stream().mapToDouble(Node::longitude).average().orElseThrow();
        return new Region(name, lat, lon, List.copyOf(nodes));
    }

    double km(double lat, double lon) {
        return GreatCircle.km(latitude, longitude, lat, lon);
    }
}
