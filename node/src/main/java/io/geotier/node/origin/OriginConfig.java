package io.geotier.node.origin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

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
}
