package io.geotier.registry;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * One node as the registry knows it: who and where it is, what it can carry and carries now, and
 * whether it takes traffic. Written by the node itself with a lifespan its heartbeat renews, so a
 * node that stops heartbeating disappears on its own.
 *
 * @param addresses        host:port clients reach the node at, IPv4 and IPv6 ([::1]:8080)
 * @param capacityBps      what the node may send, bits per second
 * @param egressBps        what it sent over the last heartbeat interval, bits per second
 * @param connections      open client connections
 * @param adminState       {@code active}, or {@code drained} (no new clients steered to it)
 * @param heartbeatAt      when the node wrote this entry, epoch milliseconds
 * @param httpsPort        the port it serves HTTPS on at the same addresses; 0 for none (added
 *                         later than the rest: entries written before it read as 0)
 */
@Proto
public record NodeEntry(
        String name,
        String region,
        List<String> addresses,
        double latitude,
        double longitude,
        long capacityBps,
        long egressBps,
        long connections,
        String adminState,
        long heartbeatAt,
        int httpsPort) {

    public NodeEntry {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** An entry of a node that serves no HTTPS. */
    public NodeEntry(
            String name,
            String region,
            List<String> addresses,
            double latitude,
            double longitude,
            long capacityBps,
            long egressBps,
            long connections,
            String adminState,
            long heartbeatAt) {
        this(
                name,
                region,
                addresses,
                latitude,
                longitude,
                capacityBps,
                egressBps,
                connections,
                adminState,
                heartbeatAt,
                0);
    }

    /**
     * "https://host:port" for the node's first address, when it serves HTTPS; else empty.
     */
    public java.util.Optional<String> httpsOrigin() {
        if (httpsPort <= 0 || addresses.isEmpty()) {
            return java.util.Optional.empty();
        }
        String first = addresses.get(0);
        int colon = first.lastIndexOf(':');
        String host = colon > 0 && !first.endsWith("]") ? first.substring(0, colon) : first;
        return java.util.Optional.of("https://" + host + ":" + httpsPort);
    }
}
