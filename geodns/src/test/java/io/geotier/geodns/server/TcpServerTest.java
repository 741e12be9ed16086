package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Who gets a TCP connection when a few networks hold many, and a client that never reads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpServerTest {

    private static TcpServer server(Duration idle) throws IOException {
        return new TcpServer(new InetSocketAddress("127.0.0.1", 0), TestResponder.create(), idle);
    }

    private static int port(TcpServer server) {
        return server.localPort();
    }

    private static Socket connectFrom(String local, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return socket;
    }

    private static Message ask(Socket socket, String name, int type) throws IOException {
        byte[] wire = TestDns.query(name, type, null, 0).toWire();
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
        return TestDns.readTcp(new DataInputStream(socket.getInputStream()));
    }

    @Test
    void idleConnectionsFromNineNetworksDoNotKeepANewClientOut() throws Exception {
        try (TcpServer server = server(Duration.ofSeconds(30))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int network = 10; network < 19; network++) {
                    for (int i = 0; i < TcpServer.MAX_CONNECTIONS_PER_NETWORK; i++) {
                        idle.add(connectFrom("127.0." + network + ".1", port(server)));
                    }
                }
                try (Socket innocent = connectFrom("127.0.0.1", port(server))) {
                    innocent.setSoTimeout(3_000);
                    Message reply = ask(innocent, "static.geotier.test.", Type.A);
                    assertEquals(Rcode.NOERROR, reply.getRcode(), "answered, not closed at once");
                }
                assertTrue(server.openConnections() <= TcpServer.MAX_CONNECTIONS);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void oneNetworkHoldsAtMostItsShareAndItsOldestIdleMakesRoom() throws Exception {
        try (TcpServer server = server(Duration.ofSeconds(30))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < TcpServer.MAX_CONNECTIONS_PER_NETWORK; i++) {
                    idle.add(connectFrom("127.0.7." + (i + 1), port(server)));
                }
                try (Socket newcomer = connectFrom("127.0.7.200", port(server))) {
                    newcomer.setSoTimeout(3_000);
                    assertEquals(
                            Rcode.NOERROR,
                            ask(newcomer, "static.geotier.test.", Type.A).getRcode());
                    idle.get(0).setSoTimeout(3_000);
                    assertEquals(-1, idle.get(0).getInputStream().read(), "the longest idle of the /24 was closed");
                    assertTrue(server.openConnections() <= TcpServer.MAX_CONNECTIONS_PER_NETWORK);
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anAnswerIsNotHeldBackByTheNextQueryArrivingInParts() throws Exception {
        try (TcpServer server = server(Duration.ofSeconds(20));
                Socket client = connectFrom("127.0.0.6", port(server))) {
            client.setSoTimeout(3_000);
            byte[] first = TestDns.query("cdn.geotier.test.", Type.A, null, 0).toWire();
            byte[] second = TestDns.query("nope.geotier.test.", Type.A, null, 0).toWire();
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            out.writeShort(first.length);
            out.write(first);
            out.writeShort(second.length);
            out.write(second, 0, 5); // the rest of the second query is still on its way
            out.flush();
            DataInputStream in = new DataInputStream(client.getInputStream());
            assertEquals(Rcode.NOERROR, TestDns.readTcp(in).getRcode(), "the first answer came at once");
            out.write(second, 5, second.length - 5);
            out.flush();
            assertEquals(Rcode.NXDOMAIN, TestDns.readTcp(in).getRcode());
        }
    }

    @Test
    void aClientThatPipelinesAndNeverReadsIsClosedByTheWriteDeadline() throws Exception {
        try (TcpServer server = server(Duration.ofMillis(500));
                Socket greedy = connectFrom("127.0.0.5", port(server))) {
            greedy.setReceiveBufferSize(4096);
            byte[] wire = TestDns.query("big.geotier.test.", Type.TXT, null, 0).toWire();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = greedy.getOutputStream();
                    for (int i = 0; i < 200_000; i++) {
                        out.write(new byte[] {(byte) (wire.length >> 8), (byte) wire.length});
                        out.write(wire);
                    }
                } catch (IOException e) {
                    // closed by the server: what the test waits for
                }
            });
            writer.setDaemon(true);
            writer.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, server.openConnections(), "the blocked connection was closed");
            writer.join(10_000);
            assertTrue(!writer.isAlive(), "the client's writes fail once the server has closed");
        }
    }
}
