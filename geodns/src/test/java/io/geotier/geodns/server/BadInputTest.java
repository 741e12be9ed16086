package io.geotier.geodns.server;

import static io.geotier.geodns.server.TestDns.query;
import static io.geotier.geodns.server.TestDns.readTcp;
import static io.geotier.geodns.server.TestDns.send;
import static io.geotier.geodns.server.TestDns.udpRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Hostile or broken input over real UDP and TCP: a clear rcode or a closed connection, and service goes on. */
@QuarkusTest
@WithTestResource(GeodnsTestWorld.class)
class BadInputTest {

    /** A query for cdn.geotier.test A whose OPT record carries this raw ECS option. */
    private static byte[] withEcs(int family, int sourcePrefix, byte[] address) {
        byte[] head = {0x55, 0x66, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1};
        byte[] qname = {3, 'c', 'd', 'n', 7, 'g', 'e', 'o', 't', 'i', 'e', 'r', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
        ByteBuffer option = ByteBuffer.allocate(8 + address.length)
                .putShort((short) 8)
                .putShort((short) (4 + address.length))
                .putShort((short) family)
                .put((byte) sourcePrefix)
                .put((byte) 0)
                .put(address);
        ByteBuffer wire = ByteBuffer.allocate(head.length + qname.length + 11 + option.capacity());
        wire.put(head)
                .put(qname)
                .put((byte) 0)
                .putShort((short) 41)
                .putShort((short) 1232)
                .putInt(0)
                .putShort((short) option.capacity())
                .put(option.array());
        return wire.array();
    }

    private static int rcode(byte[] reply) throws IOException {
        return new Message(reply).getRcode();
    }

    @Test
    void clientSubnetWithABadFamilyOrPrefixIsFormerr() throws IOException {
        assertEquals(Rcode.FORMERR, rcode(udpRoundTrip(withEcs(3, 24, new byte[] {81, 2, 69}))), "unknown family");
        assertEquals(Rcode.FORMERR, rcode(udpRoundTrip(withEcs(1, 33, new byte[] {81, 2, 69, 0, 0}))), "prefix > 32");
        assertEquals(
                Rcode.FORMERR, rcode(udpRoundTrip(withEcs(1, 8, new byte[] {81, 2, 69}))), "more address than prefix");
        assertEquals(Rcode.NOERROR, rcode(udpRoundTrip(withEcs(1, 24, new byte[] {81, 2, 69}))), "the well-formed one");
    }

    @Test
    void queryCarryingAnswersOrACompressionLoopIsFormerr() throws IOException {
        Message withAnswer = query("cdn.geotier.test.", Type.A, null, 0);
        withAnswer.addRecord(
                org.xbill.DNS.Record.fromString(
                        org.xbill.DNS.Name.fromString("cdn.geotier.test."),
                        Type.A,
                        org.xbill.DNS.DClass.IN,
                        30,
                        "127.0.0.1",
                        org.xbill.DNS.Name.root),
                org.xbill.DNS.Section.ANSWER);
        assertEquals(Rcode.FORMERR, rcode(udpRoundTrip(withAnswer.toWire())));
        byte[] loop = {0x43, 0x21, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c, 0, 1, 0, 1};
        Message reply = new Message(udpRoundTrip(loop));
        assertEquals(0x4321, reply.getHeader().getID());
        assertEquals(Rcode.FORMERR, reply.getRcode());
    }

    @Test
    void tcpLengthPromisingMoreThanIsSentEndsInAClosedConnectionNotAStuckOne() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", GeodnsTestWorld.dnsPort)) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(65535);
            out.write(new byte[100]);
            out.flush();
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "by the 1 s idle timeout of the test world");
        }
        assertEquals(
                Rcode.NOERROR,
                send(query("static.geotier.test.", Type.A, null, 0), true).getRcode());
    }

    @Test
    void clientTricklingBytesIsCutOffAtTheIdleTimeout() throws Exception {
        byte[] wire = query("static.geotier.test.", Type.A, null, 0).toWire();
        try (Socket socket = new Socket("127.0.0.1", GeodnsTestWorld.dnsPort)) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.flush();
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> {
                for (byte b : wire) {
                    Thread.sleep(300); // each byte well inside the timeout, the whole query not
                    out.write(b);
                    out.flush();
                }
                InputStream in = socket.getInputStream();
                if (in.read() < 0) {
                    throw new IOException("closed");
                }
            });
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "cut off near the 1 s idle timeout");
        }
    }

    @Test
    void oneNetworkHoldsAtMostSixteenConnectionsTheLongestIdleMakingRoom() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                idle.add(new Socket("127.0.0.1", GeodnsTestWorld.dnsPort));
            }
            for (Socket s : idle.subList(0, 4)) {
                s.setSoTimeout(500); // well inside the 1 s idle timeout of the test world
                assertEquals(-1, s.getInputStream().read(), "the four longest idle were closed for the newcomers");
            }
            int open = 0;
            for (Socket s : idle.subList(4, 20)) {
                s.setSoTimeout(10);
                try {
                    s.getInputStream().read();
                } catch (java.net.SocketTimeoutException e) {
                    open++; // still held open, waiting for a query
                }
            }
            assertEquals(16, open, "16 connections per /24");
            try (Socket other =
                    new Socket("127.0.0.1", GeodnsTestWorld.dnsPort, java.net.InetAddress.getByName("127.0.0.2"), 0)) {
                byte[] wire = query("static.geotier.test.", Type.A, null, 0).toWire();
                DataOutputStream out = new DataOutputStream(other.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                other.setSoTimeout(3_000);
                assertEquals(
                        Rcode.NOERROR,
                        readTcp(new DataInputStream(other.getInputStream())).getRcode(),
                        "a newcomer from the same network is still served");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void floodFromOneNetworkIsRateLimitedWithSomeAnswersSlippedToTcp() throws Exception {
        Message small = query("static.geotier.test.", Type.A, null, 0);
        small.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
        byte[] wire = small.toWire();
        int sent = 100;
        int full = 0;
        int truncated = 0;
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.3"))) {
            for (int i = 0; i < sent; i++) { // a burst: 100 answers of ~70 bytes against a budget of 2 000
                socket.send(new java.net.DatagramPacket(
                        wire, wire.length, java.net.InetAddress.getByName("127.0.0.1"), GeodnsTestWorld.dnsPort));
            }
            socket.setSoTimeout(300);
            while (true) {
                java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(reply);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                Message m = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
                if (m.getSection(org.xbill.DNS.Section.ANSWER).isEmpty()) {
                    assertTrue(m.getHeader().getFlag(org.xbill.DNS.Flags.TC), "a slipped answer says: use TCP");
                    truncated++;
                } else {
                    full++;
                }
            }
        }
        int silent = sent - full - truncated;
        assertTrue(full >= 20 && full <= 40, "the budget's worth answered in full: " + full);
        assertTrue(truncated >= 20 && silent >= 20, "the rest half slipped, half dropped: " + truncated + "/" + silent);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        assertTrue(metrics.contains("geodns_rrl_limited_total{action=\"dropped\"}"), "counted");
        assertEquals(
                Rcode.NOERROR,
                send(query("static.geotier.test.", Type.A, null, 0), true).getRcode(),
                "TCP is never limited");
    }
}
