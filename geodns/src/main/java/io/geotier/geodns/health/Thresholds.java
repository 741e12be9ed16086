package io.geotier.geodns.health;

/**
 * How many consecutive probe results it takes to change a node's state: {@code rise} good ones
 * bring a down node back, {@code fall} failed ones take an up node out. Both at least 1.
 */
public record Thresholds(int rise, int fall) {

    public Thresholds {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("health thresholds must be at least 1: rise=" + rise + " fall=" + fall);
        }
    }
}
