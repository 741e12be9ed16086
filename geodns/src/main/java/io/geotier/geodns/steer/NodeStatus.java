package io.geotier.geodns.steer;

/** What steering needs to know of a node's health. */
public interface NodeStatus {

    /** Whether the node may be answered now. */
    boolean available(Node node);

    /**
     * Seconds until the node's availability could change, rounded up; 0 when nothing under way
     * could change it (its last probes all agree with its state).
     */
    long secondsUntilPossibleChange(Node node);

    /**
     * A number that changes whenever the answer of either method above could change for any node,
     * so steering may reuse a decision for as long as it stays the same.
     */
    long version();
}
