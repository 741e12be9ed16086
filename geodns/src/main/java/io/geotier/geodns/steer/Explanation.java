package io.geotier.geodns.steer;

import java.util.List;

/**
 * What steering would do for one client location, and why: see {@link Steering#explain}.
 *
 * @param regions       every region, in the order steering tries them for this client
 * @param defaultRegion where clients nothing placed are steered from (null before any node is known)
 * @param answer        what a query gets now (a weighted draw, and load shedding, as for a query)
 */
public record Explanation(List<RankedRegion> regions, String defaultRegion, Answer answer) {

    /**
     * One region as ranked for the client.
     *
     * @param km        great-circle distance from the point ranked from; NaN when ranked in configuration order
     * @param nodes     all its nodes
     * @param available those steering may answer with now (healthy, not drained)
     */
    public record RankedRegion(String name, double km, List<Node> nodes, List<Node> available) {
        public RankedRegion {
            nodes = List.copyOf(nodes);
            available = List.copyOf(available);
        }
    }
}
