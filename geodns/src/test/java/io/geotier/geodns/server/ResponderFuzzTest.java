package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geotier.geodns.geo.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Any bytes at all, as a UDP or TCP query: nothing escapes the responder, and whatever it sends
 * back is a well-formed DNS response to that query's ID that fits the transport. The seed inputs
 * (real queries: steered with ECS, static, CNAME, NXDOMAIN, EDNS, malformed) are under
 * src/test/resources/.../ResponderFuzzTestInputs; in the build it fuzzes for the duration below.
 */
class ResponderFuzzTest {

    private static final Responder RESPONDER = TestResponder.create();
    private static final InetAddress SOURCE = Cidr.parse("81.2.69.7").network();

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
            assertEquals(
                    ((wire[0] & 0xff) << 8) | (wire[1] & 0xff),
                    response.getHeader().getID(),
                    "to this query");
        }
    }
}
