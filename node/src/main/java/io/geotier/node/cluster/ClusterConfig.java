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
}
