package io.geotier.node.api;

import io.geotier.node.fetch.Delivery;
import java.io.IOException;

/** What a delivery holds that must be given back when its client is gone before it is sent. */
final class Deliveries {

    private Deliveries() {}

    static void discard(Delivery delivery) {
        if (delivery instanceof Delivery.Streaming streaming) {
            streaming.lease().close();
        } else if (delivery instanceof Delivery.PassThrough pass && pass.answered() != null) {
            try {
                pass.answered().close();
            } catch (IOException ignored) {
                // an origin connection nobody will read: dropping it is all that is left
            }
        }
    }
}
