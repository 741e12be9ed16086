package io.geotier.geodns.health;

import io.geotier.geodns.steer.Node;
import java.time.Instant;

/** The outcome of the last probe of a node. A node never probed yet counts as down. */
public record NodeHealth(Node node, boolean healthy, Instant checkedAt, String detail) {

    static NodeHealth unprobed(Node node) {
        return new NodeHealth(node, false, null, "not probed yet");
    }
}
