package io.geotier.geodns;

import io.geotier.geodns.dnssec.KeyCommands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The jar's entry point: the DNSSEC key commands ({@code keygen}, {@code ds}) run and exit without
 * starting the server; anything else starts geodns.
 */
@QuarkusMain
public final class GeodnsMain {

    private GeodnsMain() {}

    public static void main(String... args) {
        if (KeyCommands.handles(args)) {
            System.exit(KeyCommands.run(System.out, System.err, args));
        }
        Quarkus.run(args);
    }
}
