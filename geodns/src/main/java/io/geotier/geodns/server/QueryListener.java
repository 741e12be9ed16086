package io.geotier.geodns.server;

/** Told of every answered query, for metrics. {@code region} is null unless steering decided the answer. */
public interface QueryListener {

    QueryListener NONE = new QueryListener() {
        @Override
        public void answered(Transport transport, int qtype, int rcode, String region, boolean ecs) {}
    };

    void answered(Transport transport, int qtype, int rcode, String region, boolean ecs);

    /** Whether to time the query about to be answered: reading the clock twice per query is not free. */
    default boolean times() {
        return false;
    }

    /** Time from the query's bytes to the response's bytes, for a query {@link #times()} chose. */
    default void took(Transport transport, long nanos) {}

    /** A query was answered from a prepared response rather than in full. */
    default void prepared() {}

    /** A UDP response over its client network's rate budget was dropped or slipped. */
    default void limited(ResponseRateLimit.Verdict verdict) {}
}
