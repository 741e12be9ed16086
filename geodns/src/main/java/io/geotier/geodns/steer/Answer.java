package io.geotier.geodns.steer;

import java.util.List;

/** What steering decided for one client. */
public sealed interface Answer {

    /** Seconds resolvers may keep the answer. */
    long ttl();

    /**
     * Nodes of one region, best first. A class rather than a record so that its hash is computed
     * once: answers are looked up by value for every steered query.
     */
    final class Nodes implements Answer {
        private final String region;
        private final List<Node> nodes;
        private final long ttl;
        private final int hash;

        public Nodes(String region, List<Node> nodes, long ttl) {
            this.region = region;
            this.nodes = List.copyOf(nodes);
            this.ttl = ttl;
            this.hash = (region.hashCode() * 31 + this.nodes.hashCode()) * 31 + Long.hashCode(ttl);
        }

        public String region() {
            return region;
        }

        public List<Node> nodes() {
            return nodes;
        }

        @Override
        public long ttl() {
            return ttl;
        }

        @Override
        public boolean equals(Object o) {
            return o == this
                    || o instanceof Nodes n
                            && hash == n.hash
                            && ttl == n.ttl
                            && region.equals(n.region)
                            && nodes.equals(n.nodes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Nodes[region=" + region + ", nodes=" + nodes + ", ttl=" + ttl + "]";
        }
    }

    /** Nothing could be answered with: the configured fallback is. */
    record Fallback(SteeringFallback target, long ttl) implements Answer {}
}
