package io.geotier.node.edge;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client network, with a cap. Admission and release run on the event loops
 * of many connections at once; a network's count lives in the map only while it is above zero.
 */
final class NetworkCounts {

    private final ConcurrentHashMap<ClientNetwork, Integer> open = new ConcurrentHashMap<>();
    private final int cap;
    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final List<ClientNetwork> exempt;

    NetworkCounts(int cap, int ipv4Prefix, int ipv6Prefix, List<ClientNetwork> exempt) {
        this.cap = cap;
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        this.exempt = List.copyOf(exempt);
    }

    /** The network to charge, or null when the address is not capped. */
    ClientNetwork networkOf(InetAddress address) {
        if (cap == 0 || exempt.stream().anyMatch(n -> n.contains(address))) {
            return null;
        }
        return ClientNetwork.of(address, address.getAddress().length == 4 ? ipv4Prefix : ipv6Prefix);
    }

    /** Counts one more connection from the network; false (and nothing counted) past the cap. */
    boolean admit(ClientNetwork network) {
        boolean[] admitted = {false};
        open.compute(network, (n, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < cap;
            return admitted[0] ? now + 1 : count;
        });
        return admitted[0];
    }

    void release(ClientNetwork network) {
        open.computeIfPresent(network, (n, count) -> count <= 1 ? null : count - 1);
    }

    /** Networks holding at least one connection. */
    int networks() {
        return open.size();
    }
}
