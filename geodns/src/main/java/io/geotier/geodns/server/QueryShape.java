package io.geotier.geodns.server;

import java.util.Arrays;

/**
 * The parts of a plain query, read straight from its bytes: one IN question whose name has no
 * compression, no answer or authority records, and at most an OPT record (EDNS version 0) whose
 * only option is a well-formed ECS. Anything else (including every malformed query) is not a
 * plain query, and is left to the full parser.
 *
 * @param questionEnd offset just past the question (name, type, class)
 * @param qname       the question's name in wire form, lower-cased: the same name whatever its case
 * @param ednsFlags   the OPT record's DO and CO bits (0 without EDNS); its other flags are ignored
 * @param ecsAddress  the ECS address bytes as sent (prefix rounded up to bytes), null without ECS
 */
record QueryShape(
        int questionEnd,
        byte[] qname,
        int qtype,
        boolean edns,
        int payload,
        int ednsFlags,
        int ecsFamily,
        int ecsSourcePrefix,
        byte[] ecsAddress) {

    private static final int HEADER = 12;
    private static final int TYPE_OPT = 41;
    private static final int OPTION_ECS = 8;
    /** DO (RFC 3225) and CO (RFC 9824), the two EDNS flags that change an answer. */
    private static final int DO_AND_CO = 0x8000 | 0x4000;

    boolean hasEcs() {
        return ecsAddress != null;
    }

    /** @return the shape, or null when the query is not a plain one */
    static QueryShape of(byte[] wire) {
        if (wire.length < HEADER + 5
                || (wire[2] & 0xf8) != 0
                || u16(wire, 4) != 1
                || u16(wire, 6) != 0
                || u16(wire, 8) != 0
                || u16(wire, 10) > 1) {
            return null; // a response, an opcode other than QUERY, or not exactly one question
        }
        int p = HEADER;
        while (p < wire.length && wire[p] != 0) {
            int label = wire[p] & 0xff;
            if (label > 63 || p + 1 + label >= wire.length) {
                return null; // compression pointer, reserved label type, or past the end
            }
            p += 1 + label;
        }
        int nameEnd = p + 1;
        if (nameEnd > HEADER + 255 || nameEnd + 4 > wire.length || u16(wire, nameEnd + 2) != 1) {
            return null;
        }
        byte[] qname = Arrays.copyOfRange(wire, HEADER, nameEnd);
        for (int i = 0; i < qname.length; i++) {
            if (qname[i] >= 'A' && qname[i] <= 'Z') {
                qname[i] = (byte) (qname[i] + 32); // label lengths are < 64, never in 'A'..'Z'
            }
        }
        int qtype = u16(wire, nameEnd);
        int questionEnd = nameEnd + 4;
        if (u16(wire, 10) == 0) {
            return questionEnd == wire.length
                    ? new QueryShape(questionEnd, qname, qtype, false, 0, 0, 0, 0, null)
                    : null;
        }
        return withOpt(wire, questionEnd, qname, qtype);
    }

    private static QueryShape withOpt(byte[] wire, int at, byte[] qname, int qtype) {
        int p = at;
        if (p + 11 > wire.length || wire[p] != 0 || u16(wire, p + 1) != TYPE_OPT || wire[p + 6] != 0) {
            return null; // not an OPT at the root, or EDNS version other than 0
        }
        int payload = u16(wire, p + 3);
        int flags = u16(wire, p + 7) & DO_AND_CO;
        int rdEnd = p + 11 + u16(wire, p + 9);
        if (rdEnd != wire.length || (wire[p + 5] & 0xff) != 0) {
            return null; // trailing bytes, or an extended rcode in a query
        }
        p += 11;
        if (p == rdEnd) {
            return new QueryShape(at, qname, qtype, true, payload, flags, 0, 0, null);
        }
        if (p + 8 > rdEnd || u16(wire, p) != OPTION_ECS) {
            return null;
        }
        int length = u16(wire, p + 2);
        int family = u16(wire, p + 4);
        int source = wire[p + 6] & 0xff;
        int scope = wire[p + 7] & 0xff;
        int addressBytes = (source + 7) / 8;
        if (p + 4 + length != rdEnd
                || length != 4 + addressBytes
                || scope != 0
                || !((family == 1 && source <= 32) || (family == 2 && source <= 128))) {
            return null; // more than one option, or an ECS the full parser must judge
        }
        byte[] address = Arrays.copyOfRange(wire, p + 8, p + 8 + addressBytes);
        if (source % 8 != 0 && (address[addressBytes - 1] & (0xff >> (source % 8))) != 0) {
            return null; // bits set beyond the source prefix
        }
        if (family == 2 && ipv4Mapped(address)) {
            return null; // the full parser refuses an IPv4 address in IPv6's family: both paths must agree
        }
        return new QueryShape(at, qname, qtype, true, payload, flags, family, source, address);
    }

    /** Whether the ECS address, padded to 16 bytes, is in ::ffff:0:0/96. */
    private static boolean ipv4Mapped(byte[] address) {
        for (int i = 0; i < 12; i++) {
            int b = i < address.length ? address[i] & 0xff : 0;
            if (b != (i < 10 ? 0 : 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
