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

    private final NodeStatus status;
    private final String configuredDefault;
    private final int answers;
    private final long ttl;
    private final SteeringFallback fallback;
    private final LoadShedding shedding;
    /** The regions and the routes ranked over them: replaced whole when the node set changes. */
    private volatile Table table;

    private record Table(List<Region> regions, String defaultRegion, Memo<ClientLocation, Route> routes) {}

    /** The regions ranked for one client location, and the last choice made from them. */
    private static final class Route {
        final List<Region> ranked;
        volatile Choice choice;
        /** Where a client goes when the first choice's region sheds it: the next region with a node. */
        volatile Choice onward;

        Route(List<Region> ranked) {
            this.ranked = ranked;
        }
    }

    /**
     * What health allowed when it was at version {@code health}: the answer itself when no draw
     * is left to make, else the region's available nodes to draw from.
     */
    private record Choice(long health, long load, Answer fixed, String region, List<Node> candidates, long ttl) {}

    /**
     * @param nodes         the nodes known at start; none while a registry is still to be read
     * @param defaultRegion region for clients nothing placed; null for the first node's
     * @param fallback      answered when no node is available; null to answer every node instead
     */
    public Steering(
            List<Node> nodes,
            NodeStatus status,
            String defaultRegion,
            int answers,
            long ttl,
            SteeringFallback fallback) {
        this(nodes, status, defaultRegion, answers, ttl, fallback, LoadShedding.NONE);
    }

    /** @param shedding which regions send part of their clients on, by load */
    public Steering(
            List<Node> nodes,
            NodeStatus status,
            String defaultRegion,
            int answers,
            long ttl,
            SteeringFallback fallback,
            LoadShedding shedding) {
        this.shedding = shedding;
        if (answers < 1) {
            throw new IllegalArgumentException("steering must answer at least one node");
        }
        this.status = status;
        this.configuredDefault = defaultRegion;
        this.answers = answers;
        this.ttl = ttl;
        this.fallback = fallback;
        replaceNodes(nodes);
    }

    /** Steers over these nodes from now on (nodes joined or left the registry). */
    public void replaceNodes(List<Node> nodes) {
        Map<String, List<Node>> byRegion = new LinkedHashMap<>();
        nodes.forEach(n ->
                byRegion.computeIfAbsent(n.region(), r -> new ArrayList<>()).add(n));
        List<Region> regions = byRegion.entrySet().stream()
                .map(e -> Region.of(e.getKey(), e.getValue()))
                .toList();
        String defaultRegion = configuredDefault != null
                ? configuredDefault
                : nodes.isEmpty() ? null : nodes.get(0).region();
        table = new Table(regions, defaultRegion, new Memo<>(1 << 16));
    }

    public Answer choose(ClientLocation location) {
        Table t = table;
        if (t.regions().isEmpty()) {
            return fallback != null ? new Answer.Fallback(fallback, 1) : new Answer.Nodes("none", List.of(), 1);
        }
        Route route = t.routes().get(location, l -> new Route(rank(t, l)));
        long health = status.version();
        long load = shedding.version();
        Choice choice = route.choice;
        if (choice == null || choice.health() != health || choice.load() != load) {
            choice = choose(route.ranked, health, load, null);
            route.choice = choice;
        }
        int shed = choice.region() == null ? 0 : shedding.shedPercent(choice.region());
        if (shed > 0 && ThreadLocalRandom.current().nextInt(100) < shed) {
            Choice onward = route.onward;
            if (onward == null || onward.health() != health || onward.load() != load) {
                onward = choose(route.ranked, health, load, choice.region());
                route.onward = onward;
            }
            choice = onward;
        }
        if (choice.fixed() != null) {
            return choice.fixed();
        }
        return new Answer.Nodes(choice.region(), draw(choice.candidates()), choice.ttl());
    }

    /**
     * Why a client at this location is answered as it is: the regions in the order steering
     * tries them (with their distance from the point it ranks from, when there is one), and an
     * answer drawn as a query would get it.
     */
    public Explanation explain(ClientLocation location) {
        Table t = table;
        List<Region> ranked = t.regions().isEmpty() ? List.of() : rank(t, location);
        Optional<double[]> from = rankedFrom(t, location);
        List<Explanation.RankedRegion> regions = ranked.stream()
                .map(r -> new Explanation.RankedRegion(
                        r.name(), from.map(p -> r.km(p[0], p[1])).orElse(Double.NaN), r.nodes(), available(r)))
                .toList();
        return new Explanation(regions, t.defaultRegion(), choose(location));
    }

    /** The point regions are ranked by distance from, for this client; empty: configuration order. */
    private static Optional<double[]> rankedFrom(Table t, ClientLocation location) {
        if (location instanceof ClientLocation.AtPoint p) {
            return Optional.of(new double[] {p.latitude(), p.longitude()});
        }
        String name = location instanceof ClientLocation.InRegion r ? r.region() : t.defaultRegion();
        return t.regions().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .map(r -> new double[] {r.latitude(), r.longitude()});
    }

    /** The first region with an available node, other than {@code skip} unless it is the only one. */
    private Choice choose(List<Region> ranked, long health, long load, String skip) {
        long cut = ttl;
        Choice skipped = null;
        for (Region region : ranked) {
            cut = Math.min(cut, secondsUntilChange(region));
            List<Node> available = available(region);
            if (available.isEmpty()) {
                continue;
            }
            if (region.name().equals(skip)) {
                skipped = nodes(health, load, region, available, Math.max(1, cut));
                continue;
            }
            return nodes(health, load, region, available, Math.max(1, cut));
        }
        if (skipped != null) {
            return skipped; // shedding, but nowhere else to send the client
        }
        if (fallback != null) {
            return new Choice(health, load, new Answer.Fallback(fallback, Math.max(1, cut)), null, null, 0);
        }
        return nodes(health, load, ranked.get(0), ranked.get(0).nodes(), Math.max(1, cut));
    }

    private static Choice nodes(long health, long load, Region region, List<Node> candidates, long ttl) {
        Answer fixed = candidates.size() == 1 ? new Answer.Nodes(region.name(), candidates, ttl) : null;
        return new Choice(health, load, fixed, region.name(), candidates, ttl);
    }

    /** The region's available nodes: read when health changes, not per query. */
    private List<Node> available(Region region) {
        return region.nodes().stream().filter(status::available).toList();
    }

    private static List<Region> rank(Table t, ClientLocation location) {
        if (location instanceof ClientLocation.AtPoint p) {
            return sortedByDistance(t.regions(), p.latitude(), p.longitude());
        }
        String name = location instanceof ClientLocation.InRegion r ? r.region() : t.defaultRegion();
        Optional<Region> pinned =
                t.regions().stream().filter(r -> r.name().equals(name)).findFirst();
        if (pinned.isEmpty()) {
            return t.regions(); // a coverage zone naming a region without nodes: configuration order
        }
        return sortedByDistance(
                t.regions(), pinned.get().latitude(), pinned.get().longitude());
    }

    private static List<Region> sortedByDistance(List<Region> regions, double lat, double lon) {
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
