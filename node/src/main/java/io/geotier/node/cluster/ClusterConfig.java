package io.geotier.node.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How this node takes part in the cluster's shared purges. */
@ConfigMapping(prefix = "geotier.cluster")
public interface ClusterConfig {

    /**
     * How long a purge stays in the shared log. A node cut off from its site for less than this
     * applies every purge it missed when it comes back.
     */
    @WithDefault("24h")
    Duration purgeRetention();

    /**
     * How long a node cut off from its cluster keeps serving its copies as they are; past it every
     * hit is revalidated with the origin until the node is back and has caught up with the purges.
     * Must be shorter than {@link #purgeRetention()}.
     */
    @WithDefault("5m")
    Duration maxDisconnected();

    /**
     * The region whose nodes alone fetch from the origin. A node of another region fills a miss
     * that no node holds from the shield node the key hashes to (rendezvous over the shield's
     * nodes in the registry, so each key has one), which fetches it once for everyone; with no
     * shield node answering it asks the origin itself. Every node must be given the same value.
     */
    java.util.Optional<String> shieldRegion();

    /**
     * How long a node that claimed a fill from the origin waits for claims other regions made at
     * the same moment (cross-site replication: tens of ms on loopback, about half a round trip
     * between regions over a WAN); then the first claimant fetches and the others stream from it.
     * 0 turns it off: concurrent misses in several regions then each ask the origin.
     */
    @WithDefault("60ms")
    java.time.Duration fillSettle();

    /** Whether a miss is first asked of the closest node that holds the object (only-if-cached there). */
    @WithDefault("true")
    boolean peerFill();

    /**
     * Ask other nodes (peer fill, the shield) over HTTPS where they advertise an HTTPS port,
     * checking each certificate against this name (the name users download from, which every
     * node's certificate carries) instead of the address dialled. Unset: over HTTP.
     */
    java.util.Optional<String> peerTlsName();

    /** PEM certificates of the authorities that sign node certificates; unset: the JDK's trust store. */
    java.util.Optional<java.nio.file.Path> peerTlsTrust();
}
