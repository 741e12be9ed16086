package io.geotier.geodns.server;

import io.geotier.geodns.Memo;
import io.geotier.geodns.geo.ClientLocation;
import io.geotier.geodns.reload.Served;
import io.geotier.geodns.steer.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Answers plain queries from responses prepared in wire form, so the hot path neither parses a
 * query into objects nor builds and compresses a response. A prepared response is the full
 * responder's answer to a canonical form of the query (ID 0, RD clear, no ECS); serving it
 * patches in the query's ID, RD bit and question bytes (same length, so the compression pointers
 * to the question stay right, and the query's case is echoed) and appends the ECS option with
 * its scope. Responses are keyed by name, type, EDNS and, for the steered name, the steering
 * decision itself, so a change of health makes new keys rather than stale answers; they are
 * forgotten whole when the served data is reloaded. What is not plain, does not fit the client's
 * size, or is an alias whose chain reaches the steered name goes to the full responder.
 */
final class PreparedAnswers {

    private static final int ECS_FIXED_BYTES = 8; // option code, length, family, source, scope

    /** {@code ednsFlags}: the query's DO and CO bits, which change what a signed zone answers. */
    private record Key(Bytes qname, int qtype, boolean edns, int ednsFlags, Answer answer) {}

    /** A byte array with value semantics and its hash computed once, for keys. */
    private static final class Bytes {
        final byte[] value;
        final int hash;

        Bytes(byte[] value) {
            this.value = value;
            this.hash = Arrays.hashCode(value);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Bytes b && hash == b.hash && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A response ready to patch; {@code NOT_PREPARED} marks keys that must take the full path. */
    private record Prepared(byte[] wire, int rcode, String region) {}

    private static final Prepared NOT_PREPARED = new Prepared(null, 0, null);

    /**
     * The prepared responses of one generation of served data and, for a signed zone, of one
     * signing epoch (the signatures in a prepared response are those of its epoch).
     */
    private record Generation(Served data, long epoch, Bytes steeredName, Memo<Key, Prepared> responses) {}

    private final Responder responder;
    private volatile Generation generation;

    PreparedAnswers(Responder responder) {
        this.responder = responder;
    }

    /** @return the response, or null when the full responder must answer */
    byte[] answer(Served data, byte[] wire, InetAddress source, Transport transport, QueryListener listener) {
        QueryShape shape = QueryShape.of(wire);
        if (shape == null) {
            return null;
        }
        Generation g = generationFor(data);
        Answer decision = null;
        int scope = 0;
        Bytes qname;
        if (Arrays.equals(shape.qname(), g.steeredName().value)) {
            qname = g.steeredName();
            ClientLocation location = locate(data, shape, source);
            decision = responder.steer(location);
            scope = Responder.ecsScope(shape.ecsFamily(), shape.ecsSourcePrefix(), location);
        } else {
            qname = new Bytes(shape.qname());
        }
        Key key = new Key(qname, shape.qtype(), shape.edns(), shape.ednsFlags(), decision);
        Answer chosen = decision;
        Prepared prepared = g.responses().get(key, k -> prepare(data, wire, shape, source, chosen));
        if (prepared == NOT_PREPARED) {
            return null;
        }
        byte[] reply = patch(prepared.wire(), wire, shape, scope);
        if (reply.length > Responder.sizeLimit(transport, shape.edns(), shape.payload())) {
            return null; // the full responder truncates properly
        }
        listener.answered(transport, shape.qtype(), prepared.rcode(), prepared.region(), shape.hasEcs());
        listener.prepared();
        return reply;
    }

    private Generation generationFor(Served data) {
        Generation g = generation;
        long epoch = data.signer() == null ? 0 : data.signer().epoch();
        if (g == null || g.data() != data || g.epoch() != epoch) {
            g = new Generation(
                    data,
                    epoch,
                    new Bytes(data.zone().steered().canonicalize().toWire()), // lower case, as qnames are
                    new Memo<>(1 << 14));
            generation = g;
        }
        return g;
    }

    private static ClientLocation locate(Served data, QueryShape shape, InetAddress source) {
        if (!shape.hasEcs() || shape.ecsSourcePrefix() == 0) {
            return data.locator().locate(source, source.getAddress().length * 8);
        }
        byte[] full = new byte[shape.ecsFamily() == 1 ? 4 : 16];
        System.arraycopy(shape.ecsAddress(), 0, full, 0, shape.ecsAddress().length);
        try {
            return data.locator().locate(InetAddress.getByAddress(full), shape.ecsSourcePrefix());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }

    /** The full responder's answer to the canonical query, or NOT_PREPARED when it cannot be reused. */
    private Prepared prepare(Served data, byte[] wire, QueryShape shape, InetAddress source, Answer decision) {
        try {
            Name name = new Name(Arrays.copyOfRange(wire, 12, shape.questionEnd() - 4));
            if (decision == null
                    && (data.zone().isSteered(name) || data.zone().alias(name).isPresent())) {
                return NOT_PREPARED; // the answer (or a chain's end) depends on the client
            }
            Message canonical = new Message(0);
            canonical.addRecord(Record.newRecord(name, shape.qtype(), DClass.IN), Section.QUESTION);
            if (shape.edns()) {
                canonical.addRecord(new OPTRecord(Responder.EDNS_PAYLOAD, 0, 0, shape.ednsFlags()), Section.ADDITIONAL);
            }
            Responder.Prepared full = responder.prepare(data, canonical, source, decision);
            return new Prepared(full.message().toWire(), full.rcode(), full.region());
        } catch (IOException | RuntimeException e) {
            return NOT_PREPARED;
        }
    }

    private static byte[] patch(byte[] prepared, byte[] query, QueryShape shape, int scope) {
        int ecsBytes = shape.hasEcs() ? ECS_FIXED_BYTES + shape.ecsAddress().length : 0;
        byte[] reply = Arrays.copyOf(prepared, prepared.length + ecsBytes);
        reply[0] = query[0];
        reply[1] = query[1];
        reply[2] = (byte) (reply[2] | (query[2] & 0x01)); // RD, copied
        System.arraycopy(query, 12, reply, 12, shape.questionEnd() - 12);
        if (ecsBytes > 0) {
            // The OPT record is the response's last: its RDLENGTH is the last two bytes prepared.
            int rdlength = prepared.length - 2;
            reply[rdlength] = (byte) (ecsBytes >> 8);
            reply[rdlength + 1] = (byte) ecsBytes;
            int p = prepared.length;
            reply[p] = 0;
            reply[p + 1] = 8;
            reply[p + 2] = (byte) ((ecsBytes - 4) >> 8);
            reply[p + 3] = (byte) (ecsBytes - 4);
            reply[p + 4] = 0;
            reply[p + 5] = (byte) shape.ecsFamily();
            reply[p + 6] = (byte) shape.ecsSourcePrefix();
            reply[p + 7] = (byte) scope;
            System.arraycopy(shape.ecsAddress(), 0, reply, p + 8, shape.ecsAddress().length);
        }
        return reply;
    }
}
