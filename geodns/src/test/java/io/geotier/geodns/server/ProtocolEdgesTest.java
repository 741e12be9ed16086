package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RFC 6891 and zone-transfer answers, and the prepared and full paths agreeing on odd ECS addresses. */
class ProtocolEdgesTest {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private final Responder responder = TestResponder.create();

    private static Message plain(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private Message ask(Message query) throws IOException {
        return new Message(responder.respond(query.toWire(), CLIENT, Transport.UDP));
    }

    @Test
    void ednsVersionAboveZeroGetsBadversWithOurVersion() throws IOException {
        Message query = plain("cdn.geotier.test.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message reply = ask(query);
        assertEquals(Rcode.BADVERS, reply.getRcode());
        assertEquals(0, reply.getOPT().getVersion(), "the version we do speak");
        assertEquals(0, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void twoOptRecordsAreFormerr() throws IOException {
        Message query = plain("cdn.geotier.test.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        assertEquals(Rcode.FORMERR, ask(query).getRcode());
    }

    @ParameterizedTest(name = "qtype {0}")
    @ValueSource(ints = {Type.AXFR, Type.IXFR})
    void zoneTransfersAreRefusedNotNodata(int qtype) throws IOException {
        Message reply = ask(plain("geotier.test.", qtype));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertEquals(0, reply.getSection(Section.AUTHORITY).size(), "no SOA as if it were NODATA");
        assertEquals(
                Rcode.REFUSED,
                new Message(responder.respondInFull(
                                plain("geotier.test.", qtype).toWire(), CLIENT, Transport.TCP))
                        .getRcode(),
                "over TCP too");
    }

    /** cdn.geotier.test A with a raw ECS option, as a resolver could send it. */
    private static byte[] withEcs(int family, int sourcePrefix, byte[] address) {
        byte[] head = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1};
        byte[] qname = {3, 'c', 'd', 'n', 7, 'g', 'e', 'o', 't', 'i', 'e', 'r', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
        ByteBuffer option = ByteBuffer.allocate(8 + address.length)
                .putShort((short) 8)
                .putShort((short) (4 + address.length))
                .putShort((short) family)
                .put((byte) sourcePrefix)
                .put((byte) 0)
                .put(address);
        return ByteBuffer.allocate(head.length + qname.length + 11 + option.capacity())
                .put(head)
                .put(qname)
                .put((byte) 0)
                .putShort((short) 41)
                .putShort((short) 1232)
                .putInt(0)
                .putShort((short) option.capacity())
                .put(option.array())
                .array();
    }

    @Test
    void anIpv4MappedEcsAddressGetsTheSameAnswerOnBothPaths() throws IOException {
        byte[] mapped = new byte[15]; // ::ffff:127.0.2.0/120
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[14] = 2;
        byte[] wire = withEcs(2, 120, mapped);
        byte[] prepared = responder.respond(wire, CLIENT, Transport.UDP);
        byte[] full = responder.respondInFull(wire, CLIENT, Transport.UDP);
        assertNotNull(prepared);
        assertArrayEquals(full, prepared);
        assertEquals(Rcode.FORMERR, new Message(prepared).getRcode());
    }

    @Test
    void aFailureWhileAnsweringIsServfailForThatQueryAlone() throws IOException {
        int[] calls = {0};
        Responder failing = new Responder(
                () -> {
                    if (++calls[0] == 1) {
                        throw new InternalError("a fault occurred in an unsafe memory access operation");
                    }
                    return null;
                },
                null,
                QueryListener.NONE);
        Message query = plain("cdn.geotier.test.", Type.A);
        Message reply = new Message(failing.respond(query.toWire(), CLIENT, Transport.UDP));
        assertEquals(Rcode.SERVFAIL, reply.getRcode());
        assertEquals(query.getHeader().getID(), reply.getHeader().getID());
        assertEquals(List.of(), reply.getSection(Section.ANSWER));
    }
}
