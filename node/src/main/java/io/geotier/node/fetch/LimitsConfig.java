package io.geotier.node.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How much origin work one node takes on at once. Each fill and each pass-through holds a thread
 * and an origin connection for as long as it runs, so neither may grow with what clients ask:
 * past a bound the request gets a 503 with Retry-After instead.
 */
@ConfigMapping(prefix = "geotier.limits")
public interface LimitsConfig {

    /** Origin fetches into the store running at once (one per key however many clients want it). */
    @WithDefault("64")
    int maxFills();

    /** Origin responses relayed without storing (BYPASS, far ranges, HEAD misses) at once. */
    @WithDefault("64")
    int maxPassThroughs();

    /** Background fills started by {@code POST /api/v1/objects/{key}/sync} at once; past it 429. */
    @WithDefault("16")
    int maxSyncs();

    /** A relayed response whose client takes no bytes for this long is cut off, freeing its thread. */
    @WithDefault("30s")
    Duration clientStallTimeout();
}
