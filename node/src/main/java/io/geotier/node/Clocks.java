package io.geotier.node;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * The node's one source of the current time. Freshness, expiry and signatures are decided against
 * it, so tests hand the deciding classes a clock they move themselves instead of sleeping.
 */
public class Clocks {

    @Produces
    @Singleton
    InstantSource system() {
        return InstantSource.system();
    }
}
