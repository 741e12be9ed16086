package io.geotier.node.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How this node takes part in the node registry. */
@ConfigMapping(prefix = "geotier.registry")
public interface RegistryConfig {

    /** How often the node renews its entry (and reports its load). */
    @WithDefault("2s")
    Duration heartbeat();

    /** How long an entry lives without a heartbeat; past it the node is gone from the registry. */
    @WithDefault("10s")
    Duration lifespan();

    /** What the node may send, bits per second (geodns sheds load past a share of it). */
    @WithDefault("1000000000")
    long capacityBps();

    /** A second public address, IPv6 ([2001:db8::1]:8080), answered as AAAA beside the A record. */
    Optional<String> publicAddressV6();

    /**
     * The HTTPS port the node is reached at on its addresses, as the registry tells geodns (HTTPS
     * probes) and other nodes (HTTPS peer fills). Unset: quarkus.http.ssl-port when the node has
     * a certificate (geotier.tls.cert), else none.
     */
    java.util.OptionalInt httpsPort();
}
