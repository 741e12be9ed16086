package io.geotier.node.origin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The HTTP origin this node caches. */
@ConfigMapping(prefix = "geotier.origin")
public interface OriginConfig {

    /** Base URL; an object's key is appended to its path (http://origin:8000/media + /a.mp3). */
    URI url();

    /** Time allowed to open a connection to the origin. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Time allowed until the origin's response headers arrive; past it a stale copy or a 504 is served. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * Whether an origin's redirect (301, 302, 303, 307, 308) is followed. Off by default: a
     * redirect is then a 502, never a fetch from wherever the origin points (an origin pointing at
     * 127.0.0.1:11222 would otherwise have the node fetch, store and serve Infinispan's REST API).
     */
    @WithDefault("false")
    boolean followRedirects();

    /**
     * The hosts (host or host:port) a followed redirect may lead to; without any, only the
     * origin's own host and port.
     */
    Optional<List<String>> redirectHosts();
}
