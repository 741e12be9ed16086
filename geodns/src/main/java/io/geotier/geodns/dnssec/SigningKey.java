package io.geotier.geodns.dnssec;

import java.security.PrivateKey;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;

/**
 * The zone's combined signing key (a CSK: one key signs every RRset, the DNSKEY set included, and
 * its DS goes to the parent). Its private half never leaves this type except to the signer, and
 * {@link #toString()} names the key by tag and algorithm only.
 */
public final class SigningKey {

    /** The algorithms geodns signs with; ECDSA P-256 unless told otherwise. */
    public enum Algorithm {
        ECDSAP256SHA256(DNSSEC.Algorithm.ECDSAP256SHA256, "EC"),
        ED25519(DNSSEC.Algorithm.ED25519, "Ed25519");

        final int number;
        final String jca;

        Algorithm(int number, String jca) {
            this.number = number;
            this.jca = jca;
        }

        public int number() {
            return number;
        }

        /** By its number (13, 15) or name, case aside ("ecdsap256sha256", "ed25519"). */
        public static Algorithm of(String text) {
            for (Algorithm a : values()) {
                if (a.name().equalsIgnoreCase(text.trim())
                        || Integer.toString(a.number).equals(text.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException(
                    "unsupported DNSSEC algorithm " + text + " (ECDSAP256SHA256 = 13 or ED25519 = 15)");
        }

        static Algorithm of(int number) {
            return of(Integer.toString(number));
        }
    }

    private final DNSKEYRecord dnskey;
    private final PrivateKey privateKey;

    SigningKey(DNSKEYRecord dnskey, PrivateKey privateKey) {
        this.dnskey = dnskey;
        this.privateKey = privateKey;
    }

    /** The public key as published at the apex. */
    public DNSKEYRecord dnskey() {
        return dnskey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public int tag() {
        return dnskey.getFootprint();
    }

    /** The DS record the parent publishes for this key (SHA-256, RFC 4509). */
    public DSRecord ds() {
        return new DSRecord(dnskey.getName(), DClass.IN, dnskey.getTTL(), DNSSEC.Digest.SHA256, dnskey);
    }

    @Override
    public String toString() {
        return "DNSSEC key " + tag() + " ("
                + Algorithm.of(dnskey.getAlgorithm()).name().toLowerCase(Locale.ROOT) + ") for "
                + dnskey.getName();
    }
}
