package io.geotier.node.edge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one client connection may hold: checked on the socket itself, before any HTTP is parsed,
 * for the HTTP and HTTPS ports alike (see {@link GatedTransport}).
 */
@ConfigMapping(prefix = "geotier.connections")
public interface ConnectionLimits {

    /**
     * A connection must deliver a complete request header this long after it opened or after its
     * previous response was sent, else it is closed (Varnish's timeout_idle): a client trickling a
     * header byte by byte holds a socket no longer than this, and so does an idle keep-alive.
     */
    @WithDefault("10s")
    Duration headerTimeout();

    /** Open connections from one client network (see the prefixes); past it a new one is closed. 0: no cap. */
    @WithDefault("1024")
    int perNetwork();

    /** IPv4 clients in one /N share the cap (BIND's RRL default: /24). */
    @WithDefault("24")
    int ipv4Prefix();

    /** IPv6 clients in one /N share the cap (BIND's RRL default: /56). */
    @WithDefault("56")
    int ipv6Prefix();

    /** Networks (CIDR) without a cap: load balancers, health checkers, other nodes behind one NAT. */
    Optional<List<String>> exempt();
}
