package io.geotier.geodns.dnssec;

import io.geotier.geodns.Memo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Signs answers online with the zone's key. Time is cut into signing epochs of {@code validity -
 * refresh}: within one, each distinct RRset is signed once and the signature reused (so signing
 * follows the number of distinct answers, not of queries), and a signature is never served with
 * less than {@code refresh} left before it expires. Inception is set back {@code backdate} for
 * resolvers whose clocks run behind.
 *
 * <p>Denial of existence is compact ("black lies", RFC 9824): a name's NSEC record covers only
 * the name itself, its next name being {@code \000.name}, and lists the types the name has; a name
 * that does not exist gets the same with NXNAME, and the answer is NOERROR (NXDOMAIN when the
 * resolver set the Compact Answers OK flag). One signed NSEC per negative answer, made on the spot,
 * instead of a chain that would let anyone walk the zone.
 */
public final class ZoneSigner {

    /** RFC 9824's meta-type for "this name does not exist" in a compact denial's type bitmap. */
    public static final int NXNAME = 128;

    private final SigningKey key;
    private final List<org.xbill.DNS.DNSKEYRecord> published;
    private final Duration validity;
    private final Duration backdate;
    private final long epochMillis;
    private final InstantSource clock;
    private final Memo<Signed, RRSIGRecord> signatures = new Memo<>(1 << 16);

    /** An RRset as signed in one epoch: its records, TTL included (a signature covers the TTL). */
    private record Signed(RRset rrset, long ttl, long epoch) {}

    public ZoneSigner(SigningKey key, Duration validity, Duration refresh, Duration backdate, InstantSource clock) {
        this(key, List.of(), validity, refresh, backdate, clock);
    }

    /** @param alsoPublished DNSKEYs published beside the signing key's (a rollover's other key) */
    public ZoneSigner(
            SigningKey key,
            List<org.xbill.DNS.DNSKEYRecord> alsoPublished,
            Duration validity,
            Duration refresh,
            Duration backdate,
            InstantSource clock) {
        if (refresh.isNegative()
                || refresh.compareTo(validity) >= 0
                || validity.minus(refresh).toMinutes() < 1) {
            throw new IllegalArgumentException("signature refresh (" + refresh + ") must leave at least a minute of"
                    + " the validity (" + validity + ")");
        }
        this.key = key;
        this.published = new ArrayList<>(List.of(key.dnskey()));
        alsoPublished.stream().filter(k -> !k.equals(key.dnskey())).forEach(published::add);
        this.validity = validity;
        this.backdate = backdate;
        this.epochMillis = validity.minus(refresh).toMillis();
        this.clock = clock;
    }

    public SigningKey key() {
        return key;
    }

    /** Every DNSKEY the apex publishes: the signing key's first. */
    public List<org.xbill.DNS.DNSKEYRecord> published() {
        return List.copyOf(published);
    }

    /** The current signing epoch: answers prepared with signatures belong to one. */
    public long epoch() {
        return clock.millis() / epochMillis;
    }

    /** The signature of the RRset, made at most once per epoch. */
    public RRSIGRecord signature(RRset rrset) {
        long epoch = epoch();
        return signatures.get(new Signed(rrset, rrset.getTTL(), epoch), s -> sign(s.rrset()));
    }

    private RRSIGRecord sign(RRset rrset) {
        Instant now = clock.instant();
        try {
            return DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), now.minus(backdate), now.plus(validity));
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException(
                    "signing " + rrset.getName() + "/" + Type.string(rrset.getType()) + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Puts each RRset's signature right after it, in the answer and authority sections (the
     * additional section holds only the OPT record here).
     */
    public void sign(Message response) {
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            List<Record> records = new ArrayList<>(response.getSection(section));
            if (records.isEmpty()) {
                continue;
            }
            response.removeAllRecords(section);
            List<Record> set = new ArrayList<>();
            for (Record r : records) {
                if (!set.isEmpty() && !sameRRset(set.get(0), r)) {
                    addSigned(response, section, set);
                    set = new ArrayList<>();
                }
                set.add(r);
            }
            addSigned(response, section, set);
        }
    }

    private void addSigned(Message response, int section, List<Record> set) {
        set.forEach(r -> response.addRecord(r, section));
        response.addRecord(signature(new RRset(set)), section);
    }

    private static boolean sameRRset(Record a, Record b) {
        return a.getType() == b.getType()
                && a.getDClass() == b.getDClass()
                && a.getName().equals(b.getName());
    }

    /**
     * The compact denial for a name: NODATA when it exists (with the types it has), else the
     * NXNAME form; TTL as a negative answer's. Null for a name within two bytes of the 255-byte
     * limit, which has no {@code \000} child to name as next: that answer goes unproven (and a
     * validating resolver fails it) rather than with an NSEC that would deny too much.
     */
    public static NSECRecord denial(Name name, boolean exists, Set<Integer> types, long ttl) {
        Set<Integer> bitmap = new TreeSet<>(types);
        bitmap.add(Type.RRSIG);
        bitmap.add(Type.NSEC);
        if (!exists) {
            bitmap.add(NXNAME);
        }
        Name next;
        try {
            next = Name.concatenate(ZERO_LABEL, name);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return null;
        }
        return new NSECRecord(
                name,
                DClass.IN,
                ttl,
                next,
                bitmap.stream().mapToInt(Integer::intValue).toArray());
    }

    private static final Name ZERO_LABEL = zeroLabel();

    private static Name zeroLabel() {
        try {
            return new Name("\\000");
        } catch (TextParseException e) {
            throw new IllegalStateException("\\000 is a label", e);
        }
    }
}
