package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.geo.MmdbWriter;
import io.geotier.geodns.reload.Served;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.NodeStatus;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.geotier.geodns.zone.ZoneFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Any bytes at all, as a UDP or TCP query: nothing escapes the responder, and whatever it sends
 * back is a well-formed DNS response to that query's ID that fits the transport. The seed inputs
 * (real queries: steered with ECS, static, CNAME, NXDOMAIN, EDNS, malformed) are under
 * src/test/resources/.../ResponderFuzzTestInputs; in the build it fuzzes for the duration below.
 */
class ResponderFuzzTest {

    private static final Responder RESPONDER = responder();
    private static final InetAddress SOURCE = Cidr.parse("81.2.69.7").network();

    private static Responder responder() {
        try {
            Path dir = Files.createTempDirectory("geodns-fuzz");
            Path zone = Files.writeString(dir.resolve("zone"), GeodnsTestWorld.ZONE);
            GeoIpLocator geoIp = new GeoIpLocator(GeodnsTestWorld.cityDatabase().write(dir.resolve("city.mmdb")));
            Served served = new Served(ZoneFactory.fromFile(zone, "geotier.test.", "cdn"),
                    CoverageZones.load(Files.writeString(dir.resolve("coverage"), GeodnsTestWorld.COVERAGE)), geoIp);
            List<Node> nodes = List.of(
                    new Node("eu-west-1", "eu-west", Cidr.parse("127.0.1.1").network(), 51.5, -0.13, URI.create("http://127.0.1.1/")),
                    new Node("us-east-1", "us-east", Cidr.parse("::1").network(), 39.0, -77.5, URI.create("http://[::1]/")));
            NodeStatus allUp = new NodeStatus() {
                public boolean available(Node node) {
                    return !node.name().startsWith("us");
                }

                public long secondsUntilPossibleChange(Node node) {
                    return node.name().length() % 3;
                }
            };
            Steering steering = new Steering(nodes, allUp, "eu-west", 2, 30, SteeringFallback.parse("origin.example."));
            return new Responder(() -> served, steering, QueryListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "40s")
    void anyBytesGetAWellFormedAnswerOrNothing(byte[] wire) throws IOException {
        for (Transport transport : Transport.values()) {
            byte[] reply = RESPONDER.respond(wire, SOURCE, transport);
            if (reply == null) {
                continue; // runts and responses are dropped, as they should be
            }
            assertTrue(reply.length <= (transport == Transport.UDP ? 1232 : 65535), "fits " + transport);
            Message response = new Message(reply);
            assertTrue(response.getHeader().getFlag(Flags.QR), "is a response");
            assertEquals(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), response.getHeader().getID(), "to this query");
        }
    }
}
