package io.geotier.geodns.server;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.reload.Served;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.NodeStatus;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.geotier.geodns.zone.ZoneFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A responder over the test world's zone and cities, without sockets: one node down, one with a TTL cut. */
final class TestResponder {

    private TestResponder() {}

    static Responder create() {
        return create(QueryListener.NONE);
    }

    static Responder create(QueryListener listener) {
        return create(listener, "cdn");
    }

    /** @param steeredName the steered name as configured, relative to the zone */
    static Responder create(QueryListener listener, String steeredName) {
        Served served = served(steeredName);
        return new Responder(() -> served, steering(), listener);
    }

    /** A responder over the same world, the zone signed by {@code signer}. */
    static Responder signed(io.geotier.geodns.dnssec.ZoneSigner signer) {
        Served plain = served("cdn");
        Served served = Served.of(plain.zone(), plain.coverage(), plain.geoIp(), signer);
        return new Responder(() -> served, steering(), QueryListener.NONE);
    }

    /** The test world's zone, coverage and cities. */
    static Served served() {
        return served("cdn");
    }

    private static Served served(String steeredName) {
        try {
            Path dir = TempDirs.deletedAtExit("geodns-responder");
            Path zone = Files.writeString(dir.resolve("zone"), GeodnsTestWorld.ZONE);
            GeoIpLocator geoIp = new GeoIpLocator(GeodnsTestWorld.cityDatabase().write(dir.resolve("city.mmdb")));
            return new Served(
                    ZoneFactory.fromFile(zone, "geotier.test.", steeredName),
                    CoverageZones.load(Files.writeString(dir.resolve("coverage"), GeodnsTestWorld.COVERAGE)),
                    geoIp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three nodes: ap-southeast-1 down, us-east-1 (on ::1) with a TTL cut. */
    static Steering steering() {
        List<Node> nodes = List.of(
                new Node(
                        "eu-west-1",
                        "eu-west",
                        Cidr.parse("127.0.1.1").network(),
                        51.5,
                        -0.13,
                        URI.create("http://127.0.1.1/")),
                new Node("us-east-1", "us-east", Cidr.parse("::1").network(), 39.0, -77.5, URI.create("http://[::1]/")),
                new Node(
                        "ap-southeast-1",
                        "ap-southeast",
                        Cidr.parse("127.0.3.1").network(),
                        1.35,
                        103.8,
                        URI.create("http://127.0.3.1/")));
        NodeStatus status = new NodeStatus() {
            public boolean available(Node node) {
                return !node.name().startsWith("ap");
            }

            public long secondsUntilPossibleChange(Node node) {
                return node.name().startsWith("us") ? 7 : 0;
            }

            public long version() {
                return 0; // health never changes here
            }
        };
        return new Steering(nodes, status, "eu-west", 2, 30, SteeringFallback.parse("origin.example."));
    }
}
