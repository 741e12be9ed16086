package io.geotier.node.fetch;

/** How a response was produced; sent to clients as X-Cache and used as a metric label. */
public enum CacheStatus {
    /** Served fresh from the local store without asking the origin. */
    HIT,
    /** Fetched from the origin (or joined a fetch in flight), streamed while it is written. */
    MISS,
    /** An expired copy, served while a refresh runs or because the origin failed. */
    STALE,
    /** An expired copy the origin confirmed unchanged (304). */
    REVALIDATED,
    /** Streamed from the origin without being stored: it does not fit the budget. */
    BYPASS,
    /** Sent to the origin with a 302 while a fill runs behind it (redirect while caching). */
    REDIRECT
}
