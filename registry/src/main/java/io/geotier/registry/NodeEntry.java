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
        long heartbeatAt) {

    public NodeEntry {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
