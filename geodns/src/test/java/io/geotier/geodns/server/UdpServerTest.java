package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The UDP server on both of its paths: batches through recvmmsg/sendmmsg ({@code batch > 0}, on
 * Linux) and the JDK's channel ({@code batch = 0}), over real loopback sockets.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpServerTest {

    private static final InetSocketAddress ANY_PORT_V4 = new InetSocketAddress("127.0.0.1", 0);
    private static final ResponseRateLimit UNLIMITED = new ResponseRateLimit(0, 0, 0, List.of());

    private static UdpServer server(InetSocketAddress address, int threads, int batch) throws IOException {
        return new UdpServer(address, TestResponder.create(), threads, batch, UNLIMITED, QueryListener.NONE);
    }

    private static byte[] query(int id, String name) throws IOException {
        Message query = TestDns.query(name, Type.A, null, 0);
        query.getHeader().setID(id);
        return query.toWire();
    }

    @Test
    void batchesAreUsedWhereLinuxHasThem() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "recvmmsg is Linux's");
        try (UdpServer batched = server(ANY_PORT_V4, 1, 32);
                UdpServer single = server(ANY_PORT_V4, 1, 0)) {
            assertTrue(batched.batching(), "recvmmsg/sendmmsg in use");
            assertTrue(!single.batching(), "a batch of 0 asks for the JDK's channel");
        }
    }

    /**
     * A responder that fails on its third query: before the fix, the exception dropped every reply
     * after it in the batch, and an Error (what a truncated GeoIP mapping raises) ended the thread.
     */
    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void aQueryThatFailsCostsOnlyItsOwnReplyAndTheThreadServesOn(int batch) throws IOException {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (UdpServer server = new UdpServer(
                        ANY_PORT_V4,
                        new Responder(
                                () -> {
                                    if (calls.incrementAndGet() == 3) {
                                        throw new InternalError(
                                                "a fault occurred in an unsafe memory access operation");
                                    }
                                    return TestResponder.served();
                                },
                                TestResponder.steering(),
                                QueryListener.NONE),
                        1,
                        batch,
                        UNLIMITED,
                        QueryListener.NONE);
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(3000);
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 8; i++) {
                    byte[] wire = query(round * 100 + i, "static.geotier.test.");
                    client.send(new DatagramPacket(wire, wire.length, server.localAddress()));
                }
                int servfail = 0;
                Set<Integer> ids = new HashSet<>();
                for (int i = 0; i < 8; i++) {
                    Message reply = receive(client);
                    ids.add(reply.getHeader().getID());
                    servfail += reply.getRcode() == Rcode.SERVFAIL ? 1 : 0;
                }
                assertEquals(8, ids.size(), "round " + round + ": every query answered");
                assertEquals(round == 0 ? 1 : 0, servfail, "only the failed query is SERVFAIL");
            }
            assertTrue(server.serving(), "its thread still alive");
        }
    }

    @Test
    void aServerWhoseThreadsHaveEndedIsNotServing() throws IOException {
        UdpServer server = server(ANY_PORT_V4, 2, 0);
        assertTrue(server.serving());
        server.close();
        assertTrue(!server.serving());
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void aBurstFromManyClientsIsAnsweredWholeEachReplyToItsSender(int batch) throws IOException {
        try (UdpServer server = server(ANY_PORT_V4, 2, batch)) {
            List<DatagramSocket> clients = new ArrayList<>();
            try {
                for (int c = 0; c < 4; c++) {
                    DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    client.setReceiveBufferSize(1 << 20);
                    client.setSoTimeout(3000);
                    clients.add(client);
                }
                // Waves sent without waiting: the server finds many queued per call. A wave stays
                // within what a default socket buffer holds, so the kernel drops none of them.
                int waves = 4;
                int perWave = 50;
                for (int w = 0; w < waves; w++) {
                    for (int i = 0; i < perWave; i++) {
                        for (int c = 0; c < clients.size(); c++) {
                            int id = c * 1000 + w * perWave + i;
                            byte[] wire = query(id, i % 2 == 0 ? "cdn.geotier.test." : "static.geotier.test.");
                            clients.get(c).send(new DatagramPacket(wire, wire.length, server.localAddress()));
                        }
                    }
                    for (int c = 0; c < clients.size(); c++) {
                        Set<Integer> ids = new HashSet<>();
                        for (int i = 0; i < perWave; i++) {
                            Message reply = receive(clients.get(c));
                            assertEquals(Rcode.NOERROR, reply.getRcode());
                            ids.add(reply.getHeader().getID());
                        }
                        int client = c;
                        assertEquals(perWave, ids.size(), "client " + c + ": every query answered once");
                        assertTrue(ids.stream().allMatch(id -> id / 1000 == client), "each reply to its sender");
                    }
                }
            } finally {
                clients.forEach(DatagramSocket::close);
            }
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void servesIpv6(int batch) throws IOException {
        assumeTrue(hasIpv6Loopback(), "no ::1 here");
        try (UdpServer server = server(new InetSocketAddress("::1", 0), 1, batch);
                DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            client.setSoTimeout(3000);
            byte[] wire = query(4242, "static.geotier.test.");
            client.send(new DatagramPacket(wire, wire.length, server.localAddress()));
            Message reply = receive(client);
            assertEquals(4242, reply.getHeader().getID());
            assertEquals(1, reply.getSection(Section.ANSWER).size(), reply.toString());
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void aDatagramTooLargeToBeAQueryGetsFormerrWithItsId(int batch) throws IOException {
        try (UdpServer server = server(ANY_PORT_V4, 1, batch);
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(3000);
            byte[] huge = new byte[MmsgSocket.MAX_QUERY + 1000];
            java.util.Arrays.fill(huge, (byte) 0xff); // past the header: a name that cannot be parsed
            System.arraycopy(query(777, "static.geotier.test."), 0, huge, 0, 12);
            client.send(new DatagramPacket(huge, huge.length, server.localAddress()));
            Message reply = receive(client);
            assertEquals(777, reply.getHeader().getID());
            assertEquals(Rcode.FORMERR, reply.getRcode());
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void closeStopsEveryThreadAndFreesThePort(int batch) throws IOException, InterruptedException {
        UdpServer server = server(ANY_PORT_V4, 3, batch);
        InetSocketAddress address = server.localAddress();
        server.close();
        server.close(); // twice is harmless: nothing is closed again
        String ours = "geodns-udp-" + address.getPort() + "-";
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(ours))
                .forEach(t -> assertTrue(!t.isAlive(), "left running: " + t));
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(address); // no socket of the server is left holding it
        }
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(300);
            byte[] wire = query(1, "static.geotier.test.");
            client.send(new DatagramPacket(wire, wire.length, address));
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            try {
                client.receive(packet);
                throw new AssertionError("a closed server answered");
            } catch (SocketTimeoutException expected) {
                // nothing answers any more
            }
        }
    }

    /**
     * Closed while a flood is being read, over and over: native batch memory freed under a
     * running recvmmsg took a test JVM down once. Each round must end with its port free.
     */
    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void closingUnderAFloodLeavesNothingBehind(int batch) throws Exception {
        byte[] wire = query(5, "cdn.geotier.test.");
        for (int round = 0; round < 15; round++) {
            UdpServer server = server(ANY_PORT_V4, 2, batch);
            InetSocketAddress address = server.localAddress();
            java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread flood = new Thread(() -> {
                try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    while (flooding.get()) {
                        client.send(new DatagramPacket(wire, wire.length, address));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            flood.start();
            Thread.sleep(20 + round * 5);
            server.close();
            assertTrue(!server.serving());
            flooding.set(false);
            flood.join();
            try (DatagramChannel again = DatagramChannel.open()) {
                again.bind(address);
            }
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 32})
    void repliesAreByteForByteTheRespondersOwn(int batch) throws IOException {
        Responder responder = TestResponder.create();
        try (UdpServer server = new UdpServer(ANY_PORT_V4, responder, 1, batch, UNLIMITED, QueryListener.NONE);
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(3000);
            byte[] wire = query(99, "static.geotier.test.");
            client.send(new DatagramPacket(wire, wire.length, server.localAddress()));
            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            client.receive(packet);
            byte[] got = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            assertArrayEquals(responder.respond(wire, InetAddress.getLoopbackAddress(), Transport.UDP), got);
        }
    }

    private static boolean hasIpv6Loopback() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Message receive(DatagramSocket client) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        client.receive(packet);
        return new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
    }
}
