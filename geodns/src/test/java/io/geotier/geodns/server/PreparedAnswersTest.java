package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.geo.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Prepared answers are byte for byte what the full responder sends, for every shape of plain query. */
class PreparedAnswersTest {

    private static final java.util.concurrent.atomic.AtomicInteger PREPARED =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final Responder RESPONDER = TestResponder.create(new QueryListener() {
        public void answered(Transport transport, int qtype, int rcode, String region, boolean ecs) {}

        public void prepared() {
            PREPARED.incrementAndGet();
        }
    });
    private static final InetAddress LONDON_RESOLVER = Cidr.parse("81.2.69.7").network();

    private static List<byte[]> queries() throws IOException {
        List<byte[]> queries = new ArrayList<>();
        String[] names = {
            "cdn.geotier.test.",
            "CdN.GeoTier.TEST.",
            "www.geotier.test.",
            "static.geotier.test.",
            "nope.geotier.test.",
            "big.geotier.test.",
            "geotier.test.",
            "chain.geotier.test.",
            "example.org."
        };
        int[] types = {Type.A, Type.AAAA, Type.TXT, Type.SOA, Type.NS, Type.MX, Type.ANY};
        Integer[] payloads = {null, 512, 1232, 4096};
        String[][] subnets = {
            null,
            {"81.2.69.0", "24"},
            {"0.0.0.0", "0"},
            {"2001:db8:1::", "48"},
            {"216.160.83.56", "29"},
            {"175.16.199.0", "24"},
            {"198.51.100.0", "24"}
        };
        int id = 1;
        for (String name : names) {
            for (int type : types) {
                for (Integer payload : payloads) {
                    for (String[] subnet : subnets) {
                        if (payload == null && subnet != null) {
                            continue; // ECS travels in the OPT record
                        }
                        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
                        q.getHeader().setID(id++);
                        if (id % 2 == 0) {
                            q.getHeader().unsetFlag(Flags.RD);
                        }
                        if (payload != null) {
                            List<org.xbill.DNS.EDNSOption> options = subnet == null
                                    ? List.of()
                                    : List.of(new ClientSubnetOption(
                                            Integer.parseInt(subnet[1]), InetAddress.getByName(subnet[0])));
                            q.addRecord(new OPTRecord(payload, 0, 0, 0, options), Section.ADDITIONAL);
                        }
                        queries.add(q.toWire());
                    }
                }
            }
        }
        return queries;
    }

    @Test
    void everyPlainQueryGetsExactlyWhatTheFullResponderSends() throws IOException {
        int compared = 0;
        for (int round = 0; round < 2; round++) { // the second round is served from what the first prepared
            for (byte[] query : queries()) {
                for (Transport transport : Transport.values()) {
                    byte[] full = RESPONDER.respondInFull(query, LONDON_RESOLVER, transport);
                    byte[] served = RESPONDER.respond(query, LONDON_RESOLVER, transport);
                    assertArrayEquals(
                            full,
                            served,
                            () -> "for " + describe(query) + " over " + transport + "\nfull:     " + describe(full)
                                    + "\nprepared: " + describe(served));
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "compared " + compared);
        assertTrue(PREPARED.get() > compared * 0.7, "most were served prepared: " + PREPARED.get() + " of " + compared);
    }

    @Test
    void steeredNameConfiguredInCapitalsIsStillSteeredPerClient() throws IOException {
        Responder responder = TestResponder.create(QueryListener.NONE, "CDN");
        for (String subnet : new String[] {"81.2.69.0", "175.16.199.0", "81.2.69.0", "175.16.199.0"}) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString("cdn.geotier.test."), Type.A, DClass.IN));
            q.addRecord(
                    new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(subnet)))),
                    Section.ADDITIONAL);
            byte[] wire = q.toWire();
            assertArrayEquals(
                    responder.respondInFull(wire, LONDON_RESOLVER, Transport.UDP),
                    responder.respond(wire, LONDON_RESOLVER, Transport.UDP),
                    subnet);
        }
    }

    @Test
    void queryCaseIsEchoedFromPreparedAnswers() throws IOException {
        for (String name : new String[] {"cdn.geotier.test.", "CDN.GEOTIER.TEST.", "cDn.gEoTiEr.tEsT."}) {
            byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))
                    .toWire();
            Message response = new Message(RESPONDER.respond(wire, LONDON_RESOLVER, Transport.UDP));
            assertEquals(name, response.getQuestion().getName().toString());
            assertEquals("127.0.1.1", response.getSection(Section.ANSWER).get(0).rdataToString());
        }
    }

    private static String describe(byte[] wire) {
        try {
            return wire == null ? "nothing" : new Message(wire).toString().replace('\n', ' ');
        } catch (IOException e) {
            return "unparseable";
        }
    }
}
