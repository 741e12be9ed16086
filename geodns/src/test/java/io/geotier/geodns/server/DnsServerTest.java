package io.geotier.geodns.server;

import static io.geotier.geodns.server.TestDns.query;
import static io.geotier.geodns.server.TestDns.readTcp;
import static io.geotier.geodns.server.TestDns.send;
import static io.geotier.geodns.server.TestDns.udpRoundTrip;
import static io.geotier.geodns.server.TestDns.udpRoundTripOrNull;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** geodns answering real DNS over UDP and TCP on loopback. */
@QuarkusTest
@WithTestResource(GeodnsTestWorld.class)
class DnsServerTest {

    private static String steeredAddress(String ecs, int prefix, boolean tcp) throws IOException {
        Message response = send(query("cdn.geotier.test.", Type.A, ecs, prefix), tcp);
        assertEquals(Rcode.NOERROR, response.getRcode());
        return response.getSection(Section.ANSWER).get(0).rdataToString();
    }

    @Test
    void clientSubnetIsSteeredToTheClosestNodeOverUdpAndTcp() throws IOException {
        for (boolean tcp : new boolean[] {false, true}) {
            assertEquals("127.0.1.1", steeredAddress("81.2.69.0", 24, tcp), "London");
            assertEquals("127.0.2.1", steeredAddress("216.160.83.56", 29, tcp), "Milton WA");
            assertEquals("127.0.1.1", steeredAddress("2001:db8:1::", 48, tcp), "Frankfurt over IPv6 ECS");
        }
    }

    @Test
    void answerIsAuthoritativeWithTtlAndTheGeoNetworkAsEcsScope() throws IOException {
        Message response = send(query("cdn.geotier.test.", Type.A, "81.2.69.0", 24), false);
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertEquals(30, response.getSection(Section.ANSWER).get(0).getTTL());
        ClientSubnetOption scope = (ClientSubnetOption)
                response.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertEquals(24, scope.getSourcePrefixLength());
        assertEquals(24, scope.getScopePrefixLength());
        assertEquals(InetAddress.getByName("81.2.69.0"), scope.getAddress());
    }

    @Test
    void coverageZoneOverridesGeoIpAndUnknownClientsGetTheDefaultRegion() throws IOException {
        assertEquals("127.0.2.1", steeredAddress("127.0.2.0", 24, false));
        assertEquals("127.0.1.1", steeredAddress(null, 0, false), "source 127.0.0.1 is nowhere: default eu-west");
        assertEquals("127.0.1.1", steeredAddress("198.51.100.0", 24, false), "not in the database: default");
    }

    @Test
    void healthDecidesWhichNodesAreAnswered() throws Exception {
        // Changchun is closest to Singapore, which starts down: London is next closest.
        assertEquals("127.0.1.1", steeredAddress("175.16.199.0", 24, false));
        GeodnsTestWorld.READY.put("ap-southeast-1", true);
        try {
            assertEquals("127.0.3.1", awaitAnswer("175.16.199.0", "127.0.3.1"), "recovered node is answered again");
            given().get("/nodes")
                    .then()
                    .statusCode(200)
                    .body("find { it.name == 'ap-southeast-1' }.available", org.hamcrest.Matchers.equalTo(true));
        } finally {
            GeodnsTestWorld.READY.put("ap-southeast-1", false);
        }
        assertEquals("127.0.1.1", awaitAnswer("175.16.199.0", "127.0.1.1"), "failed node is no longer answered");
    }

    private static String awaitAnswer(String ecs, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String answer = steeredAddress(ecs, 24, false);
        while (!answer.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = steeredAddress(ecs, 24, false);
        }
        return answer;
    }

    @Test
    void unknownNameIsNxdomainWithTheSoaAsNegativeTtl() throws IOException {
        Message response = send(query("nope.geotier.test.", Type.A, null, 0), false);
        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        SOARecord soa = (SOARecord) response.getSection(Section.AUTHORITY).get(0);
        assertEquals(60, soa.getTTL());
        assertEquals(60, soa.getMinimum());
    }

    @Test
    void existingNameWithoutTheTypeIsNodata() throws IOException {
        Message response = send(query("cdn.geotier.test.", Type.AAAA, null, 0), false);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void apexServesSoaAndNsAndGlue() throws IOException {
        Message soa = send(query("geotier.test.", Type.SOA, null, 0), true);
        assertEquals(Type.SOA, soa.getSection(Section.ANSWER).get(0).getType());
        Message ns = send(query("geotier.test.", Type.NS, null, 0), false);
        assertEquals("ns1.geotier.test.", ns.getSection(Section.ANSWER).get(0).rdataToString());
        Message glue = send(query("ns1.geotier.test.", Type.A, null, 0), false);
        assertEquals("127.0.0.1", glue.getSection(Section.ANSWER).get(0).rdataToString());
    }

    @Test
    void namesOutsideTheZoneAreRefusedAndNothingIsRecursed() throws IOException {
        Message response = send(query("example.com.", Type.A, null, 0), false);
        assertEquals(Rcode.REFUSED, response.getRcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
        assertTrue(!response.getHeader().getFlag(Flags.RA));
    }

    @Test
    void queryCaseIsEchoed() throws IOException {
        Message response = send(query("CdN.GeoTier.TEST.", Type.A, null, 0), false);
        assertEquals("CdN.GeoTier.TEST.", response.getQuestion().getName().toString());
        assertEquals(1, response.getSection(Section.ANSWER).size());
    }

    @Test
    void malformedQueryGetsFormerrWithItsId() throws IOException {
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'g', 'e', 'o'};
        Message response = new Message(udpRoundTrip(garbage));
        assertEquals(0x1234, response.getHeader().getID());
        assertEquals(Rcode.FORMERR, response.getRcode());
    }

    @Test
    void unsupportedOpcodeGetsNotimp() throws IOException {
        Message query = query("cdn.geotier.test.", Type.A, null, 0);
        query.getHeader().setOpcode(Opcode.STATUS);
        assertEquals(Rcode.NOTIMP, new Message(udpRoundTrip(query.toWire())).getRcode());
    }

    @Test
    void responsesAndRuntsAreDropped() throws IOException {
        Message notAQuery = query("cdn.geotier.test.", Type.A, null, 0);
        notAQuery.getHeader().setFlag(Flags.QR);
        assertNull(udpRoundTripOrNull(notAQuery.toWire()));
        assertNull(udpRoundTripOrNull(new byte[] {1, 2, 3}));
    }

    @Test
    void tcpConnectionAnswersPipelinedQueriesInOrder() throws IOException {
        Message first = query("cdn.geotier.test.", Type.A, "81.2.69.0", 24);
        Message second = query("nope.geotier.test.", Type.A, null, 0);
        try (Socket socket = new Socket("127.0.0.1", GeodnsTestWorld.dnsPort)) {
            socket.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (Message m : List.of(first, second)) {
                byte[] wire = m.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Message a = readTcp(in);
            Message b = readTcp(in);
            assertEquals(first.getHeader().getID(), a.getHeader().getID());
            assertEquals(Rcode.NOERROR, a.getRcode());
            assertEquals(second.getHeader().getID(), b.getHeader().getID());
            assertEquals(Rcode.NXDOMAIN, b.getRcode());
        }
    }

    @Test
    void metricsCountQueriesAndNodeHealth() throws IOException {
        send(query("cdn.geotier.test.", Type.A, "81.2.69.0", 24), false);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("geodns_queries_total{"))
                .body(containsString("region=\"eu-west\""))
                .body(containsString("transport=\"udp\""))
                .body(containsString("geodns_node_available{node=\"ap-southeast-1\",region=\"ap-southeast\"} 0.0"))
                .body(containsString("geodns_node_up{node=\"eu-west-1\",region=\"eu-west\"} 1.0"))
                .body(containsString("geodns_query_seconds_bucket{transport=\"udp\""));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void sameQueryGetsTheSameAnswerBytesButForTheId() throws IOException {
        Message q = query("cdn.geotier.test.", Type.A, "81.2.69.0", 24);
        byte[] a = udpRoundTrip(q.toWire());
        byte[] b = udpRoundTrip(q.toWire());
        assertArrayEquals(a, b);
    }

    @Test
    void theBearerSchemeIsMatchedWhateverItsCase() {
        for (String scheme : new String[] {"bearer", "BEARER", "bEaReR"}) {
            given().header("Authorization", scheme + " " + GeodnsTestWorld.ADMIN_TOKEN)
                    .delete("/nodes/eu-west-1/drain")
                    .then()
                    .statusCode(200)
                    .body("drained", org.hamcrest.Matchers.equalTo(false));
        }
        given().header("Authorization", "Bearerx" + GeodnsTestWorld.ADMIN_TOKEN)
                .delete("/nodes/eu-west-1/drain")
                .then()
                .statusCode(401);
    }

    @Test
    void drainNeedsTheAdminTokenAndWithNothingAvailableTheFallbackIsAnswered() throws Exception {
        given().put("/nodes/eu-west-1/drain").then().statusCode(401).body("status", org.hamcrest.Matchers.equalTo(401));
        given().header("Authorization", "Bearer wrong")
                .put("/nodes/eu-west-1/drain")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + GeodnsTestWorld.ADMIN_TOKEN)
                .put("/nodes/nowhere/drain")
                .then()
                .statusCode(404);
        try {
            given().header("Authorization", "Bearer " + GeodnsTestWorld.ADMIN_TOKEN)
                    .put("/nodes/eu-west-1/drain")
                    .then()
                    .statusCode(200)
                    .body("drained", org.hamcrest.Matchers.equalTo(true))
                    .body("available", org.hamcrest.Matchers.equalTo(false));
            assertEquals("127.0.2.1", steeredAddress("81.2.69.0", 24, false), "London drained: Ashburn next");
            given().header("Authorization", "Bearer " + GeodnsTestWorld.ADMIN_TOKEN)
                    .put("/nodes/us-east-1/drain")
                    .then()
                    .statusCode(200);
            Message response = send(query("cdn.geotier.test.", Type.A, "81.2.69.0", 24), false);
            assertEquals(Rcode.NOERROR, response.getRcode(), "never NXDOMAIN or SERVFAIL");
            Record answer = response.getSection(Section.ANSWER).get(0);
            assertEquals(Type.CNAME, answer.getType(), "nothing available: the fallback");
            assertEquals("origin.example.com.", answer.rdataToString());
        } finally {
            for (String node : new String[] {"eu-west-1", "us-east-1"}) {
                given().header("Authorization", "Bearer " + GeodnsTestWorld.ADMIN_TOKEN)
                        .delete("/nodes/" + node + "/drain")
                        .then()
                        .statusCode(200)
                        .body("drained", org.hamcrest.Matchers.equalTo(false));
            }
        }
        assertEquals("127.0.1.1", steeredAddress("81.2.69.0", 24, false));
    }
}
