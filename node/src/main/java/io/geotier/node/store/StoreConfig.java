package io.geotier.node.store;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where objects live on disk and how much of the disk they may take. */
@ConfigMapping(prefix = "geotier.store")
public interface StoreConfig {

    /** Root of the store: objects/ (sharded) and tmp/ (fills in progress) live below it. */
    @WithDefault("geotier-cache")
    Path dir();

    /** Bytes of object data the store may hold; the least valuable objects are evicted past it. */
    @WithDefault("10G")
    MemorySize budget();

    /** Share of the filesystem kept free whatever the budget says (s3cache evicted at 90% full). */
    @WithDefault("10")
    int minFreePercent();
}
