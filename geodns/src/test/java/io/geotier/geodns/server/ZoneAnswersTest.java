package io.geotier.geodns.server;

import static io.geotier.geodns.server.TestDns.query;
import static io.geotier.geodns.server.TestDns.send;
import static io.geotier.geodns.server.TestDns.udpRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Static records from the zone file, CNAME chains, truncation, checked with dnsjava, dig and kdig. */
@QuarkusTest
@WithTestResource(GeodnsTestWorld.class)
class ZoneAnswersTest {

    private static List<String> answers(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .map(r -> Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }

    @Test
    void aliasOfTheSteeredNameIsFollowedToTheSteeredAnswer() throws IOException {
        Message response = send(query("www.geotier.test.", Type.A, "81.2.69.0", 24), false);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(List.of("CNAME cdn.geotier.test.", "A 127.0.1.1"), answers(response));
        Message chain = send(query("chain.geotier.test.", Type.A, "216.160.83.56", 29), true);
        assertEquals(List.of("CNAME www.geotier.test.", "CNAME cdn.geotier.test.", "A 127.0.2.1"), answers(chain));
    }

    @Test
    void aliasLeavingTheZoneIsAnsweredAloneAndOneToNowhereIsNxdomain() throws IOException {
        Message away = send(query("away.geotier.test.", Type.A, null, 0), false);
        assertEquals(Rcode.NOERROR, away.getRcode());
        assertEquals(List.of("CNAME www.example.net."), answers(away));
        Message dangling = send(query("dangling.geotier.test.", Type.A, null, 0), false);
        assertEquals(Rcode.NXDOMAIN, dangling.getRcode(), "the rcode of the chain's last name (RFC 6604)");
        assertEquals(List.of("CNAME gone.geotier.test."), answers(dangling));
        assertEquals(Type.SOA, dangling.getSection(Section.AUTHORITY).get(0).getType());
        Message cname = send(query("www.geotier.test.", Type.CNAME, null, 0), false);
        assertEquals(List.of("CNAME cdn.geotier.test."), answers(cname), "asked for the CNAME itself");
    }

    @Test
    void staticRecordsOfEveryType() throws IOException {
        assertEquals(List.of("A 127.0.20.1"), answers(send(query("static.geotier.test.", Type.A, null, 0), false)));
        assertEquals(
                List.of("AAAA 0:0:0:0:0:0:0:1"),
                answers(send(query("static.geotier.test.", Type.AAAA, null, 0), false)));
        Message nodata = send(query("static.geotier.test.", Type.MX, null, 0), false);
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void answerTooBigForUdpIsTruncatedAndWholeOverTcp() throws IOException {
        Message plain = new Message(
                udpRoundTrip(query("big.geotier.test.", Type.TXT, null, 0).toWire()));
        assertTrue(plain.getHeader().getFlag(Flags.TC), "no EDNS: 512 bytes at most");
        Message edns = query("big.geotier.test.", Type.TXT, null, 0);
        edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        byte[] wire = udpRoundTrip(edns.toWire());
        assertTrue(wire.length <= 1232, "never more than our 1232-byte EDNS payload: " + wire.length);
        assertTrue(new Message(wire).getHeader().getFlag(Flags.TC));
        Message tcp = send(query("big.geotier.test.", Type.TXT, null, 0), true);
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(2, tcp.getSection(Section.ANSWER).size());
    }

    @Test
    void digSeesAnAuthoritativeSteeredAnswerWithTheEcsScope() throws Exception {
        String out = run("dig", "+norec", "+subnet=81.2.69.0/24", "www.geotier.test", "A");
        assertTrue(out.contains("flags: qr aa;"), out);
        assertTrue(out.contains("status: NOERROR"), out);
        assertTrue(
                out.matches("(?s).*www\\.geotier\\.test\\.\\s+3600\\s+IN\\s+CNAME\\s+cdn\\.geotier\\.test\\..*"), out);
        assertTrue(out.matches("(?s).*cdn\\.geotier\\.test\\.\\s+30\\s+IN\\s+A\\s+127\\.0\\.1\\.1.*"), out);
        assertTrue(out.contains("CLIENT-SUBNET: 81.2.69.0/24/24"), out);
        String nx = run("dig", "nope.geotier.test", "A");
        assertTrue(nx.contains("status: NXDOMAIN") && nx.contains("IN\tSOA"), nx);
        String refused = run("dig", "example.org", "A");
        assertTrue(refused.contains("status: REFUSED"), refused);
    }

    @Test
    void kdigOverUdpTruncatesAndOverTcpGetsEverything() throws Exception {
        String udp = run("kdig", "+notcp", "+bufsize=512", "big.geotier.test", "TXT");
        assertTrue(udp.contains(" tc"), "TC flag over UDP: " + udp);
        String tcp = run("kdig", "+tcp", "big.geotier.test", "TXT");
        assertTrue(tcp.contains("status: NOERROR") && !tcp.contains(" tc"), tcp);
        assertTrue(tcp.contains("ANSWER: 2;"), tcp);
        String soa = run("kdig", "+tcp", "geotier.test", "SOA");
        assertTrue(soa.contains("Flags: qr aa"), soa);
    }

    /** Runs dig or kdig against geodns; .ci/run installs both (bind9-dnsutils, knot-dnsutils). */
    private static String run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                tool,
                "@127.0.0.1",
                "-p",
                Integer.toString(GeodnsTestWorld.dnsPort),
                "+time=2",
                tool.equals("kdig") ? "+retry=0" : "+tries=1"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    tool + " is needed by this test (apt-get install bind9-dnsutils knot-dnsutils)", e);
        }
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), tool + " finished");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
