package io.geotier.node.fetch;

/** How a response was produced; sent to clients as X-Cache and used as a metric label. */
public enum CacheStatus {
    /** Served from the local store without asking the origin. */
    HIT,
    /** Fetched from the origin (or joined a fetch in flight) and stored. */
    MISS
}
