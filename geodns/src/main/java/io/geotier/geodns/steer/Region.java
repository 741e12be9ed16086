package io.geotier.geodns.steer;

import io.geotier.registry.GreatCircle;
import java.util.List;

/**
 * The nodes of one region, located at their centre on the sphere: the mean of their positions as
 * unit vectors, turned back into latitude and longitude. A plain mean of the angles puts a region
 * with nodes at 179°E and 179°W on the Greenwich meridian, half a world from both.
 */
record Region(String name, double latitude, double longitude, List<Node> nodes) {

    static Region of(String name, List<Node> nodes) {
        double x = 0;
        double y = 0;
        double z = 0;
        for (Node node : nodes) {
            double lat = Math.toRadians(node.latitude());
            double lon = Math.toRadians(node.longitude());
            x += Math.cos(lat) * Math.cos(lon);
            y += Math.cos(lat) * Math.sin(lon);
            z += Math.sin(lat);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("region " + name + " has no nodes");
        }
        if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12 && Math.abs(z) < 1e-12) {
            // Nodes at opposite points have no centre; any of them will do.
            return new Region(name, nodes.get(0).latitude(), nodes.get(0).longitude(), List.copyOf(nodes));
        }
        double latitude = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
        double longitude = Math.toDegrees(Math.atan2(y, x));
        return new Region(name, latitude, longitude, List.copyOf(nodes));
    }

    double km(double lat, double lon) {
        return GreatCircle.km(latitude, longitude, lat, lon);
    }
}
