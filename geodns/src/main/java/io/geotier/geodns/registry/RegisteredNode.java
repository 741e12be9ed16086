package io.geotier.geodns.registry;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.steer.Node;
import io.geotier.registry.NodeEntry;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registry entry as a node geodns answers with: its addresses ("host:port", "[v6]:port") as
 * literals (never resolved by DNS), readiness probed on the first, weight from capacity (one per
 * Mbit/s, so answers split by capacity within a region).
 */
final class RegisteredNode {

    private RegisteredNode() {}

    /**
     * Empty for an entry geodns cannot answer with (no literal address it can parse). With
     * {@code https}, readiness is probed over HTTPS where the node serves it.
     */
    static Optional<Node> of(NodeEntry entry, String healthPath, boolean https) {
        List<InetAddress> addresses = new ArrayList<>();
        String firstHostPort = null;
        for (String hostPort : entry.addresses()) {
            Optional<InetAddress> address = host(hostPort);
            if (address.isPresent()) {
                addresses.add(address.get());
                firstHostPort = firstHostPort == null ? hostPort : firstHostPort;
            }
        }
        if (addresses.isEmpty() || entry.name() == null || entry.region() == null) {
            return Optional.empty();
        }
        int weight = (int) Math.max(1, Math.min(1_000_000, entry.capacityBps() / 1_000_000));
        URI health =
                URI.create((https ? entry.httpsOrigin().orElse("http://" + firstHostPort) : "http://" + firstHostPort)
                        + healthPath);
        return Optional.of(
                new Node(entry.name(), entry.region(), addresses, entry.latitude(), entry.longitude(), health, weight));
    }

    private static Optional<InetAddress> host(String hostPort) {
        String host;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(1, end);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        }
        try {
            return Optional.of(Cidr.parse(host).network());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a name, not a literal: geodns never resolves names to answer
        }
    }
}
