package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** A DNS client for tests: dnsjava's resolver for well-formed queries, raw sockets for the rest. */
final class TestDns {

    private TestDns() {}

    static Message query(String name, int type, String ecs, int ecsPrefix) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        if (ecs != null) {
            query.addRecord(
                    new OPTRecord(
                            1232, 0, 0, 0, List.of(new ClientSubnetOption(ecsPrefix, InetAddress.getByName(ecs)))),
                    Section.ADDITIONAL);
        }
        return query;
    }

    static Message send(Message query, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(GeodnsTestWorld.dnsPort);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(query);
    }

    static Message readTcp(DataInputStream in) throws IOException {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        return new Message(wire);
    }

    static byte[] udpRoundTrip(byte[] query) throws IOException {
        byte[] reply = udpRoundTripOrNull(query);
        assertTrue(reply != null, "an answer was expected");
        return reply;
    }

    static byte[] udpRoundTripOrNull(byte[] query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(500);
            socket.send(
                    new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), GeodnsTestWorld.dnsPort));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] bytes = new byte[reply.getLength()];
            System.arraycopy(reply.getData(), 0, bytes, 0, bytes.length);
            return bytes;
        }
    }
}
