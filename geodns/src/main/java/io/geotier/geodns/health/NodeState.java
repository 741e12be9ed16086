package io.geotier.geodns.health;

import io.geotier.geodns.steer.Node;
import java.time.Instant;

/**
 * What geodns believes about one node. Invariant: once probed, a node moves between up and down
 * only after {@link Thresholds#fall()} consecutive failed probes (up to down) or
 * {@link Thresholds#rise()} consecutive good ones (down to up); {@code streak} counts the latest
 * results that disagree with the current state, so 0 means settled. The first probe decides at
 * once, as there is no history to flap from; so does the first good probe of a node never yet up
 * (a node that just joined and was probed before it was ready), which is how a new node is
 * answered within a probe of becoming ready. Draining is an operator's decision, independent of
 * probes: a drained node is never answered, whatever its health.
 */
public record NodeState(
        Node node,
        boolean probed,
        boolean up,
        boolean everUp,
        int streak,
        boolean drained,
        Instant checkedAt,
        Instant changedAt,
        String detail) {

    public static NodeState unprobed(Node node) {
        return new NodeState(node, false, false, false, 0, false, null, null, "not probed yet");
    }

    /** The state after one more probe result. */
    public NodeState observe(boolean ok, Instant at, String detail, Thresholds thresholds) {
        if (!probed || (ok && !everUp)) {
            return new NodeState(node, true, ok, ok, 0, drained, at, at, detail);
        }
        if (ok == up) {
            return new NodeState(node, true, up, everUp, 0, drained, at, changedAt, detail);
        }
        int disagreeing = streak + 1;
        if (disagreeing >= (up ? thresholds.fall() : thresholds.rise())) {
            return new NodeState(node, true, ok, true, 0, drained, at, at, detail);
        }
        return new NodeState(node, true, up, everUp, disagreeing, drained, at, changedAt, detail);
    }

    public NodeState withDrained(boolean drain) {
        return new NodeState(node, probed, up, everUp, streak, drain, checkedAt, changedAt, detail);
    }

    /** Whether DNS may answer with this node. */
    public boolean available() {
        return up && !drained;
    }

    /** Whether steering would decide the same with either state: they differ in nothing but timestamps and detail. */
    public boolean decidesLike(NodeState other) {
        return probed == other.probed && up == other.up && streak == other.streak && drained == other.drained;
    }

    /** Probes that could still flip the state; 0 when the last results all agree with it. */
    public int probesToChange(Thresholds thresholds) {
        return streak == 0 ? 0 : (up ? thresholds.fall() : thresholds.rise()) - streak;
    }
}
