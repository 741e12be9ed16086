package io.geotier.geodns.steer;

import io.geotier.geodns.Memo;
import io.geotier.geodns.geo.ClientLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks what to answer a located client with: up to {@code answers} available nodes of the
 * nearest region that has any, drawn by weight; regions are ordered by great-circle distance
 * from the client, or, for a client a coverage zone pinned (or nothing placed), that region
 * first and the others by distance from it. When no node anywhere is available the fallback is
 * answered if one is configured; otherwise every node counts as available (as gdnsd does), so a
 * probe outage never takes the name off the air.
 *
 * <p>TTL rule: an answer never outlives the earliest moment a node that decided it could change
 * state. The TTL is the configured one, cut to the seconds until any node of the chosen region,
 * or of a region ranked before it, could flip (a failing node not yet out, a recovering node not
 * yet back), at least 1 s.
 *
 * <p>A decision depends only on where the client is and on the nodes' health, so each client
 * location keeps its ranking of the regions and its last decision, labelled with the health
 * {@link NodeStatus#version() version} it was made under: the query path rereads health only
 * when it has changed, and answers with the same {@link Answer} instance until then (unless the
 * region has several nodes to draw from, which is done per query).
 */
public final class Steering {

    private final List<Region> regions;
    private final NodeStatus status;
    private final String defaultRegion;
    private final int answers;
    private final long ttl;
    private final SteeringFallback fallback;
    private final Memo<ClientLocation, Route> routes = new Memo<>(1 << 16);

    /** The regions ranked for one client location, and the last choice made from them. */
    private static final class Route {
        final List<Region> ranked;
        volatile Choice choice;

        Route(List<Region> ranked) {
            this.ranked = ranked;
        }
    }

    /**
     * What health allowed when it was at version {@code health}: the answer itself when no draw
     * is left to make, else the region's available nodes to draw from.
     */
    private record Choice(long health, Answer fixed, String region, List<Node> candidates, long ttl) {
    }

    /**
     * @param defaultRegion region for clients nothing placed; null for the first node's
     * @param fallback      answered when no node is available; null to answer every node instead
     */
    public Steering(List<Node> nodes, NodeStatus status, String defaultRegion, int answers, long ttl,
            SteeringFallback fallback) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one node");
        }
        if (answers < 1) {
            throw new IllegalArgumentException("steering must answer at least one node");
        }
        Map<String, List<Node>> byRegion = new LinkedHashMap<>();
        nodes.forEach(n -> byRegion.computeIfAbsent(n.region(), r -> new ArrayList<>()).add(n));
        this.regions = byRegion.entrySet().stream().map(e -> Region.of(e.getKey(), e.getValue())).toList();
        this.status = status;
        this.defaultRegion = defaultRegion != null ? defaultRegion : nodes.get(0).region();
        this.answers = answers;
        this.ttl = ttl;
        this.fallback = fallback;
    }

    public Answer choose(ClientLocation location) {
        Route route = routes.get(location, l -> new Route(rank(l)));
        long health = status.version();
        Choice choice = route.choice;
        if (choice == null || choice.health() != health) {
            choice = choose(route.ranked, health);
            route.choice = choice;
        }
        if (choice.fixed() != null) {
            return choice.fixed();
        }
        return new Answer.Nodes(choice.region(), draw(choice.candidates()), choice.ttl());
    }

    private Choice choose(List<Region> ranked, long health) {
        long cut = ttl;
        for (Region region : ranked) {
            cut = Math.min(cut, secondsUntilChange(region));
            List<Node> available = available(region);
            if (!available.isEmpty()) {
                return nodes(health, region, available, Math.max(1, cut));
            }
        }
        if (fallback != null) {
            return new Choice(health, new Answer.Fallback(fallback, Math.max(1, cut)), null, null, 0);
        }
        return nodes(health, ranked.get(0), ranked.get(0).nodes(), Math.max(1, cut));
    }

    private static Choice nodes(long health, Region region, List<Node> candidates, long ttl) {
        Answer fixed = candidates.size() == 1 ? new Answer.Nodes(region.name(), candidates, ttl) : null;
        return new Choice(health, fixed, region.name(), candidates, ttl);
    }

    /** The region's available nodes: read when health changes, not per query. */
    private List<Node> available(Region region) {
        return region.nodes().stream().filter(status::available).toList();
    }

    private List<Region> rank(ClientLocation location) {
        if (location instanceof ClientLocation.AtPoint p) {
            return sortedByDistance(p.latitude(), p.longitude());
        }
        String name = location instanceof ClientLocation.InRegion r ? r.region() : defaultRegion;
        Optional<Region> pinned = regions.stream().filter(r -> r.name().equals(name)).findFirst();
        if (pinned.isEmpty()) {
            return regions; // a coverage zone naming a region without nodes: configuration order
        }
        return sortedByDistance(pinned.get().latitude(), pinned.get().longitude());
    }

    private List<Region> sortedByDistance(double lat, double lon) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingDouble(r -> r.km(lat, lon)));
        return sorted;
    }

    private long secondsUntilChange(Region region) {
        long soonest = Long.MAX_VALUE;
        for (Node node : region.nodes()) {
            long s = status.secondsUntilPossibleChange(node);
            if (s > 0) {
                soonest = Math.min(soonest, s);
            }
        }
        return soonest;
    }

    /**
     * Up to {@code answers} of the candidates, drawn without replacement with probability
     * proportional to weight (Efraimidis and Spirakis: the largest keys u^(1/w)).
     */
    private List<Node> draw(List<Node> candidates) {
        if (candidates.size() == 1) {
            return candidates;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double[] keys = new double[candidates.size()];
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Math.pow(random.nextDouble(), 1.0 / candidates.get(i).weight());
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
        List<Node> drawn = new ArrayList<>(Math.min(answers, keys.length));
        for (int i = 0; i < Math.min(answers, keys.length); i++) {
            drawn.add(candidates.get(order[i]));
        }
        return drawn;
    }
}
