package io.geotier.node.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who and where this node is: what geodns and the other regions learn about it. */
@ConfigMapping(prefix = "geotier")
public interface NodeIdentity {

    /** The region this node serves, e.g. eu-west. */
    @WithDefault("local")
    String region();

    /** Name of this node, unique in the cluster; defaults to the region and public address. */
    Optional<String> nodeName();

    /** host:port that clients reach this node at (what geodns answers with). */
    @WithDefault("127.0.0.1:8080")
    String publicAddress();

    @WithDefault("0")
    double latitude();

    @WithDefault("0")
    double longitude();

    default String name() {
        return nodeName().orElse(region() + "@" + publicAddress());
    }
}
