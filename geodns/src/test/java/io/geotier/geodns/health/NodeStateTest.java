package io.geotier.geodns.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.steer.Node;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeStateTest {

    private static final Thresholds RISE3_FALL2 = new Thresholds(3, 2);
    private static final Node NODE =
            new Node("n", "r", Cidr.parse("127.0.0.9").network(), 0, 0, URI.create("http://127.0.0.9/"));

    private static NodeState after(NodeState state, boolean... results) {
        for (boolean ok : results) {
            state = state.observe(ok, Instant.now(), ok ? "HTTP 200" : "HTTP 503", RISE3_FALL2);
        }
        return state;
    }

    @Test
    void unprobedNodeIsNotAvailableAndItsFirstProbeDecides() {
        NodeState fresh = NodeState.unprobed(NODE);
        assertFalse(fresh.available());
        assertTrue(after(fresh, true).available());
        assertFalse(after(fresh, false).up());
    }

    @Test
    void upNodeGoesDownOnlyAfterFallConsecutiveFailures() {
        NodeState up = after(NodeState.unprobed(NODE), true);
        NodeState once = after(up, false);
        assertTrue(once.up(), "one failure is not enough");
        assertEquals(1, once.probesToChange(RISE3_FALL2));
        assertFalse(after(once, false).up());
        assertTrue(after(once, true, false).up(), "a success in between starts the count again");
    }

    @Test
    void aNodeNeverYetUpJoinsAtItsFirstGoodProbe() {
        NodeState starting = after(NodeState.unprobed(NODE), false, false);
        assertFalse(starting.up());
        assertTrue(after(starting, true).available(), "no history to flap from: a joining node is answered at once");
    }

    @Test
    void downNodeComesBackOnlyAfterRiseConsecutiveSuccesses() {
        NodeState down = after(NodeState.unprobed(NODE), true, false, false);
        assertFalse(down.up());
        assertFalse(after(down, true, true).up());
        assertEquals(1, after(down, true, true).probesToChange(RISE3_FALL2));
        assertTrue(after(down, true, true, true).up());
        assertFalse(after(down, true, true, false, true, true).up(), "a failure in between starts the count again");
        assertEquals(0, after(down, true, true, true).probesToChange(RISE3_FALL2), "settled");
    }

    @Test
    void flappingNodeNeverChangesState() {
        NodeState up = after(NodeState.unprobed(NODE), true);
        for (int i = 0; i < 10; i++) {
            up = after(up, false, true);
            assertTrue(up.up());
        }
    }

    @Test
    void drainedNodeIsNeverAvailableWhateverItsHealth() {
        NodeState drained = after(NodeState.unprobed(NODE), true).withDrained(true);
        assertTrue(drained.up());
        assertFalse(drained.available());
        assertTrue(after(drained, false, false, true, true, true).drained(), "probes do not undrain");
        assertTrue(drained.withDrained(false).available());
    }

    @Test
    void thresholdsBelowOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(2, 0));
    }

    @Test
    void onlyStateThatSteeringReadsCountsAsAChange() {
        NodeState up = after(NodeState.unprobed(NODE), true);
        assertTrue(after(up, true).decidesLike(up), "another good probe: new timestamps, same decision");
        assertFalse(up.decidesLike(NodeState.unprobed(NODE)), "first probe");
        assertFalse(after(up, false).decidesLike(up), "a failure starts a streak: the TTL shortens");
        assertFalse(up.withDrained(true).decidesLike(up), "drained");
        assertFalse(after(up, false, false).decidesLike(after(up, false)), "down");
    }
}
