package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.dnssec.KeyFiles;
import io.geotier.geodns.dnssec.SigningKey;
import io.geotier.geodns.dnssec.ZoneSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Signed answers from the responder, checked with dnsjava's verifier against the key (the
 * end-to-end checks with real validators are in DnssecValidationTest). Time is a settable clock.
 */
class SignedAnswersTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private SigningKey key;

    private Responder responder(SigningKey.Algorithm algorithm) throws Exception {
        Path file = dir.resolve(algorithm + ".pem");
        KeyFiles.write(KeyFiles.generate(algorithm), file);
        key = KeyFiles.read(file, Name.fromString("geotier.test."), 3600);
        InstantSource clock = () -> now.get();
        return TestResponder.signed(
                new ZoneSigner(key, Duration.ofDays(14), Duration.ofHours(36), Duration.ofMinutes(90), clock));
    }

    private static byte[] query(String name, int type, int ednsFlags, String ecs) throws IOException {
        return query(name, type, ednsFlags, ecs, 24);
    }

    private static byte[] query(String name, int type, int ednsFlags, String ecs, int prefix) throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        List<org.xbill.DNS.EDNSOption> options =
                ecs == null ? List.of() : List.of(new ClientSubnetOption(prefix, InetAddress.getByName(ecs)));
        q.addRecord(new OPTRecord(1232, 0, 0, ednsFlags, options), Section.ADDITIONAL);
        return q.toWire();
    }

    private Message ask(Responder r, String name, int type, int ednsFlags) throws IOException {
        return new Message(r.respond(query(name, type, ednsFlags, null), CLIENT, Transport.UDP));
    }

    /** Every RRset of the section verifies against the key at the current time; returns how many. */
    private int verified(Message m, int section) throws DNSSEC.DNSSECException {
        int sets = 0;
        for (RRset rrset : m.getSectionRRsets(section)) {
            assertEquals(
                    1, rrset.sigSize(), "one signature for " + rrset.getName() + "/" + Type.string(rrset.getType()));
            DNSSEC.verify(rrset, rrset.sigs().get(0), key.dnskey(), now.get());
            sets++;
        }
        return sets;
    }

    @Test
    void staticSteeredAndAliasedAnswersAreSignedAndVerifyWithEitherAlgorithm() throws Exception {
        for (SigningKey.Algorithm algorithm : SigningKey.Algorithm.values()) {
            Responder r = responder(algorithm);
            assertEquals(1, verified(ask(r, "static.geotier.test.", Type.A, ExtendedFlags.DO), Section.ANSWER));
            assertEquals(1, verified(ask(r, "cdn.geotier.test.", Type.A, ExtendedFlags.DO), Section.ANSWER));
            Message chain = ask(r, "chain.geotier.test.", Type.A, ExtendedFlags.DO);
            assertEquals(3, verified(chain, Section.ANSWER), "chain -> www -> cdn: two CNAMEs and the steered A");
            Message keys = ask(r, "geotier.test.", Type.DNSKEY, ExtendedFlags.DO);
            assertEquals(key.dnskey(), keys.getSection(Section.ANSWER).get(0));
            assertEquals(1, verified(keys, Section.ANSWER), "the DNSKEY set signs itself (one combined key)");
            assertTrue((keys.getOPT().getFlags() & ExtendedFlags.DO) != 0, "DO echoed (RFC 3225)");
        }
    }

    @Test
    void withoutDoNothingChanges() throws Exception {
        Responder r = responder(SigningKey.Algorithm.ECDSAP256SHA256);
        Message plain = ask(r, "static.geotier.test.", Type.A, 0);
        assertTrue(plain.getSection(Section.ANSWER).stream().noneMatch(x -> x instanceof RRSIGRecord));
        Message missing = ask(r, "nope.geotier.test.", Type.A, 0);
        assertEquals(Rcode.NXDOMAIN, missing.getRcode());
        assertTrue(missing.getSection(Section.AUTHORITY).stream().noneMatch(x -> x instanceof NSECRecord));
        assertEquals(0, missing.getOPT().getFlags() & ExtendedFlags.DO);
    }

    @Test
    void aMissingNameGetsACompactDenialWithNxname() throws Exception {
        Responder r = responder(SigningKey.Algorithm.ECDSAP256SHA256);
        Message m = ask(r, "nope.geotier.test.", Type.A, ExtendedFlags.DO);
        assertEquals(Rcode.NOERROR, m.getRcode(), "black lies: NOERROR, the NXNAME type says the rest");
        NSECRecord nsec = nsec(m);
        assertEquals(Name.fromString("nope.geotier.test."), nsec.getName());
        assertEquals(Name.fromString("\\000.nope.geotier.test."), nsec.getNext());
        assertTrue(nsec.hasType(ZoneSigner.NXNAME) && nsec.hasType(Type.RRSIG) && nsec.hasType(Type.NSEC));
        assertFalse(nsec.hasType(Type.A));
        assertEquals(60, nsec.getTTL(), "a negative answer's TTL");
        assertEquals(2, verified(m, Section.AUTHORITY), "the SOA and the NSEC, each signed");

        Message compactOk = ask(r, "nope.geotier.test.", Type.A, ExtendedFlags.DO | ExtendedFlags.CO);
        assertEquals(Rcode.NXDOMAIN, compactOk.getRcode(), "a resolver that set CO is told NXDOMAIN (RFC 9824)");
    }

    @Test
    void nodataListsWhatTheNameHasAndNotTheType() throws Exception {
        Responder r = responder(SigningKey.Algorithm.ED25519);
        NSECRecord apex = nsec(ask(r, "geotier.test.", Type.AAAA, ExtendedFlags.DO));
        for (int type : new int[] {Type.SOA, Type.NS, Type.DNSKEY}) {
            assertTrue(apex.hasType(type), Type.string(type));
        }
        assertFalse(apex.hasType(Type.AAAA) || apex.hasType(ZoneSigner.NXNAME));

        // The steered name answers this client with an IPv4 node only: AAAA is denied, A is listed.
        Message steered = ask(r, "cdn.geotier.test.", Type.AAAA, ExtendedFlags.DO);
        assertTrue(steered.getSection(Section.ANSWER).isEmpty());
        NSECRecord cdn = nsec(steered);
        assertTrue(cdn.hasType(Type.A));
        assertFalse(cdn.hasType(Type.AAAA));
        assertEquals(2, verified(steered, Section.AUTHORITY));

        // A CNAME into a name that does not exist: the CNAME signed, the end of the chain denied.
        Message dangling = ask(r, "dangling.geotier.test.", Type.A, ExtendedFlags.DO);
        assertEquals(1, verified(dangling, Section.ANSWER));
        NSECRecord gone = nsec(dangling);
        assertEquals(Name.fromString("gone.geotier.test."), gone.getName());
        assertTrue(gone.hasType(ZoneSigner.NXNAME));
        assertNotNull(gone);
    }

    @Test
    void aSignatureIsMadeOncePerDistinctAnswerAndRenewedBeforeItIsDueForRefresh() throws Exception {
        Responder r = responder(SigningKey.Algorithm.ECDSAP256SHA256);
        RRSIGRecord first = signature(ask(r, "static.geotier.test.", Type.A, ExtendedFlags.DO));
        assertEquals(T0.minus(Duration.ofMinutes(90)), first.getTimeSigned(), "inception set back for skewed clocks");
        assertEquals(T0.plus(Duration.ofDays(14)), first.getExpire());
        now.set(T0.plus(Duration.ofHours(1)));
        assertArrayEquals(
                first.getSignature(),
                signature(ask(r, "static.geotier.test.", Type.A, ExtendedFlags.DO))
                        .getSignature(),
                "reused within its epoch");

        // Two clients steered to two regions: London gets the eu-west node's A record; Milton's
        // region (us-east) has an IPv6 node only, so its A query is denied with AAAA listed.
        Message london = new Message(
                r.respond(query("cdn.geotier.test.", Type.A, ExtendedFlags.DO, "81.2.69.0"), CLIENT, Transport.UDP));
        Message milton = new Message(r.respond(
                query("cdn.geotier.test.", Type.A, ExtendedFlags.DO, "216.160.83.56", 29), CLIENT, Transport.UDP));
        assertEquals(1, verified(london, Section.ANSWER));
        assertTrue(milton.getSection(Section.ANSWER).isEmpty());
        assertTrue(nsec(milton).hasType(Type.AAAA) && !nsec(milton).hasType(Type.A));
        assertEquals(2, verified(milton, Section.AUTHORITY));
        Message miltonV6 = new Message(r.respond(
                query("cdn.geotier.test.", Type.AAAA, ExtendedFlags.DO, "216.160.83.56", 29), CLIENT, Transport.UDP));
        assertEquals(1, verified(miltonV6, Section.ANSWER));

        // Past validity - refresh (12.5 days) from the epoch's start, a new signature is made.
        now.set(T0.plus(Duration.ofDays(13)));
        RRSIGRecord renewed = signature(ask(r, "static.geotier.test.", Type.A, ExtendedFlags.DO));
        assertTrue(renewed.getExpire().isAfter(first.getExpire()));
        assertTrue(Duration.between(now.get(), renewed.getExpire()).compareTo(Duration.ofHours(36)) > 0);
        assertEquals(1, verified(ask(r, "static.geotier.test.", Type.A, ExtendedFlags.DO), Section.ANSWER));
    }

    @Test
    void thePreparedPathAnswersExactlyAsTheFullOne() throws Exception {
        Responder r = responder(SigningKey.Algorithm.ECDSAP256SHA256);
        for (String name : new String[] {"static.geotier.test.", "cdn.geotier.test.", "nope.geotier.test."}) {
            for (int flags : new int[] {0, ExtendedFlags.DO, ExtendedFlags.DO | ExtendedFlags.CO}) {
                byte[] q = query(name, Type.A, flags, null);
                byte[] full = r.respondInFull(q, CLIENT, Transport.UDP);
                r.respond(q, CLIENT, Transport.UDP); // prepares
                assertArrayEquals(full, r.respond(q, CLIENT, Transport.UDP), name + " flags " + flags);
            }
        }
    }

    private static NSECRecord nsec(Message m) {
        return m.getSection(Section.AUTHORITY).stream()
                .filter(x -> x instanceof NSECRecord)
                .map(x -> (NSECRecord) x)
                .findFirst()
                .orElseThrow();
    }

    private static RRSIGRecord signature(Message m) {
        RRSIGRecord sig = (RRSIGRecord) m.getSection(Section.ANSWER).stream()
                .filter(x -> x instanceof RRSIGRecord)
                .findFirst()
                .orElseThrow();
        assertSame(RRSIGRecord.class, sig.getClass());
        return sig;
    }
}
