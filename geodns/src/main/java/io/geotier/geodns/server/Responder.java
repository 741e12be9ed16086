package io.geotier.geodns.server;

import io.geotier.geodns.dnssec.ZoneSigner;
import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.ClientLocation;
import io.geotier.geodns.reload.Served;
import io.geotier.geodns.steer.Answer;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import io.geotier.geodns.zone.Zone;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query in wire format into one response in wire format, or into nothing when the input
 * is not worth an answer (too short to carry an ID, or itself a response). Never recurses. Plain
 * queries are answered from {@link PreparedAnswers}; everything else, and whatever those cannot
 * reuse, is parsed and answered here in full.
 */
public final class Responder {

    /** Our EDNS(0) UDP payload size: the 2020 DNS flag day value, safe from fragmentation. */
    static final int EDNS_PAYLOAD = 1232;

    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int HEADER_BYTES = 12;

    /** A full answer with what metrics need of it. */
    record Prepared(Message message, int rcode, String region) {}

    /**
     * One query's circumstances. {@code decision} is the steering answer to use instead of asking
     * (null: ask); rcode and region are filled in as the answer is made.
     */
    private static final class Call {
        final Served data;
        final InetAddress source;
        final Answer decision;
        /** The query set DO and the zone is signed: the answer carries signatures and denials. */
        boolean signed;
        /** The query set DO: the response echoes it (RFC 3225). */
        boolean dnssecOk;
        /** The query set CO (RFC 9824): a compact denial of a name may say NXDOMAIN. */
        boolean compactOk;

        int rcode;
        String region;

        Call(Served data, InetAddress source, Answer decision) {
            this.data = data;
            this.source = source;
            this.decision = decision;
        }
    }

    private final Supplier<Served> served;
    private final Steering steering;
    private final QueryListener listener;
    private final PreparedAnswers prepared = new PreparedAnswers(this);
    private final FailureLog failures = new FailureLog(Responder.class, "answering a query failed; it got SERVFAIL");

    /** @param served read once per query, so a reload never splits one */
    public Responder(Supplier<Served> served, Steering steering, QueryListener listener) {
        this.served = served;
        this.steering = steering;
        this.listener = listener;
    }

    /** @return the response, or null to send nothing */
    public byte[] respond(byte[] wire, InetAddress source, Transport transport) {
        if (!worthAnswering(wire)) {
            return null;
        }
        boolean timed = listener.times();
        long start = timed ? System.nanoTime() : 0;
        byte[] reply;
        try {
            Served data = served.get();
            reply = prepared.answer(data, wire, source, transport, listener);
            if (reply == null) {
                reply = inFull(new Call(data, source, null), wire, transport);
            }
        } catch (Throwable t) {
            // Whatever one query trips over (a GeoIP file cut short under its reader raised an
            // InternalError) costs that query a SERVFAIL, never the thread that serves the rest.
            failures.report(t);
            return headerOnly(wire, Rcode.SERVFAIL, transport);
        }
        if (timed) {
            listener.took(transport, System.nanoTime() - start);
        }
        return reply;
    }

    /** What the full path alone answers: for tests that hold prepared answers to it. */
    byte[] respondInFull(byte[] wire, InetAddress source, Transport transport) {
        if (!worthAnswering(wire)) {
            return null;
        }
        return inFull(new Call(served.get(), source, null), wire, transport);
    }

    /** Runts and responses get nothing: answering a response could start a loop between servers. */
    private static boolean worthAnswering(byte[] wire) {
        return wire.length >= HEADER_BYTES && (wire[2] & 0x80) == 0;
    }

    /** The steering decision for a located client. */
    Answer steer(ClientLocation location) {
        return steering.choose(location);
    }

    /** The full answer to a query with the steering decision given, counted nowhere. */
    Prepared prepare(Served data, Message query, InetAddress source, Answer decision) {
        Call call = new Call(data, source, decision);
        Message response = answer(call, query);
        return new Prepared(response, call.rcode, call.region);
    }

    private byte[] inFull(Call call, byte[] wire, Transport transport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return headerOnly(wire, Rcode.FORMERR, transport);
        }
        Message response = answer(call, query);
        Record question = query.getQuestion();
        listener.answered(
                transport,
                question == null ? -1 : question.getType(),
                call.rcode,
                call.region,
                clientSubnet(query) != null);
        return response.toWire(sizeLimit(query, transport));
    }

    private Message answer(Call call, Message query) {
        Header qh = query.getHeader();
        Message response = new Message(qh.getID());
        Header rh = response.getHeader();
        rh.setFlag(Flags.QR);
        rh.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            rh.setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (qh.getOpcode() != Opcode.QUERY) {
            return finish(call, response, query, Rcode.NOTIMP, null);
        }
        if (question == null || qh.getCount(Section.QUESTION) != 1 || qh.getCount(Section.ANSWER) != 0) {
            return finish(call, response, query, Rcode.FORMERR, null);
        }
        if (optRecords(query) > 1) {
            return finish(call, response, query, Rcode.FORMERR, null); // RFC 6891 §6.1.1: at most one OPT
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null && query.getOPT().getVersion() > 0) {
            return finish(call, response, query, Rcode.BADVERS, null); // RFC 6891 §6.1.3: we speak version 0
        }
        Name name = question.getName();
        if (question.getDClass() != DClass.IN || !call.data.zone().contains(name) || isTransfer(question.getType())) {
            return finish(call, response, query, Rcode.REFUSED, null); // not ours, or a zone transfer we never give
        }
        rh.setFlag(Flags.AA);
        OPTRecord opt = query.getOPT();
        call.dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        call.compactOk = opt != null && (opt.getFlags() & ExtendedFlags.CO) != 0;
        call.signed = call.dnssecOk && call.data.signer() != null;
        return resolve(call, response, query, name);
    }

    /**
     * Answers for the name from the zone, following CNAMEs inside it (the zone has no loops); the
     * rcode is that of the last name of the chain (RFC 6604).
     */
    private Message resolve(Call call, Message response, Message query, Name name) {
        Zone zone = call.data.zone();
        int qtype = query.getQuestion().getType();
        Name current = name;
        for (var alias = zone.alias(current);
                alias.isPresent() && qtype != Type.CNAME && qtype != Type.ANY;
                alias = zone.alias(current)) {
            response.addRecord(alias.get(), Section.ANSWER);
            current = alias.get().getTarget();
            if (!zone.contains(current)) {
                return finish(call, response, query, Rcode.NOERROR, null); // the resolver goes on
            }
        }
        if (zone.isSteered(current)) {
            return steer(call, response, query, current);
        }
        List<Record> records = zone.records(current, qtype);
        records.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (!records.isEmpty()) {
            return finish(call, response, query, Rcode.NOERROR, null);
        }
        boolean exists = zone.exists(current);
        return negative(
                call,
                response,
                query,
                exists ? Rcode.NOERROR : Rcode.NXDOMAIN,
                null,
                new Denial(current, exists, zone.types(current)));
    }

    /** What a negative answer denies: the name it ends at, whether it exists, and the types it has. */
    private record Denial(Name name, boolean exists, java.util.Set<Integer> types) {}

    private Message steer(Call call, Message response, Message query, Name owner) {
        ClientSubnetOption ecs = clientSubnet(query);
        InetAddress client = call.source;
        int sourcePrefix = client.getAddress().length * 8;
        if (ecs != null && ecs.getSourcePrefixLength() > 0) {
            client = Cidr.mask(ecs.getAddress(), ecs.getSourcePrefixLength());
            sourcePrefix = ecs.getSourcePrefixLength();
        }
        ClientLocation location = call.data.locator().locate(client, sourcePrefix);
        ClientSubnetOption scope = ecs == null
                ? null
                : new ClientSubnetOption(
                        ecs.getSourcePrefixLength(),
                        ecsScope(ecs.getFamily(), ecs.getSourcePrefixLength(), location),
                        ecs.getAddress());
        Answer answer = call.decision != null ? call.decision : steering.choose(location);
        if (answer instanceof Answer.Nodes n && n.nodes().isEmpty()) {
            // No node known yet (a registry still empty): a resolver should ask again, not cache a NODATA.
            return finish(call, response, query, Rcode.SERVFAIL, scope);
        }
        List<Record> records = records(answer, query.getQuestion().getType(), owner);
        if (records.isEmpty()) {
            java.util.Set<Integer> types = new java.util.TreeSet<>();
            records(answer, Type.ANY, owner).forEach(r -> types.add(r.getType())); // what this client is answered
            return negative(call, response, query, Rcode.NOERROR, scope, new Denial(owner, true, types));
        }
        records.forEach(r -> response.addRecord(r, Section.ANSWER));
        call.region = answer instanceof Answer.Nodes n ? n.region() : "fallback";
        return finish(call, response, query, Rcode.NOERROR, scope);
    }

    private static List<Record> records(Answer answer, int qtype, Name name) {
        List<Record> records = new ArrayList<>();
        if (answer instanceof Answer.Nodes nodes) {
            nodes.nodes().forEach(n -> n.addresses().forEach(a -> addAddress(records, a, qtype, name, answer.ttl())));
        } else if (((Answer.Fallback) answer).target() instanceof SteeringFallback.Address a) {
            addAddress(records, a.address(), qtype, name, answer.ttl());
        } else if (((Answer.Fallback) answer).target() instanceof SteeringFallback.Alias alias) {
            records.add(new CNAMERecord(name, DClass.IN, answer.ttl(), alias.target()));
        }
        return records;
    }

    private static void addAddress(List<Record> records, InetAddress address, int qtype, Name name, long ttl) {
        boolean v4 = address.getAddress().length == 4;
        if ((qtype == Type.A || qtype == Type.ANY) && v4) {
            records.add(new ARecord(name, DClass.IN, ttl, address));
        } else if ((qtype == Type.AAAA || qtype == Type.ANY) && !v4) {
            records.add(new AAAARecord(name, DClass.IN, ttl, address));
        }
    }

    /**
     * NXDOMAIN or NODATA: the SOA in the authority section, its TTL capped by the SOA minimum (RFC
     * 2308). Signed, it also carries the name's compact denial (see {@link ZoneSigner}), and a name
     * that does not exist is answered NOERROR unless the resolver said it understands compact
     * answers (CO): the NXNAME type in the denial says what the rcode no longer does.
     */
    private Message negative(
            Call call, Message response, Message query, int rcode, ClientSubnetOption scope, Denial denial) {
        SOARecord soa = call.data.zone().soa();
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        response.addRecord(
                new SOARecord(
                        soa.getName(),
                        DClass.IN,
                        ttl,
                        soa.getHost(),
                        soa.getAdmin(),
                        soa.getSerial(),
                        soa.getRefresh(),
                        soa.getRetry(),
                        soa.getExpire(),
                        soa.getMinimum()),
                Section.AUTHORITY);
        if (call.signed) {
            NSECRecord nsec = ZoneSigner.denial(denial.name(), denial.exists(), denial.types(), ttl);
            if (nsec != null) {
                response.addRecord(nsec, Section.AUTHORITY);
            }
            if (rcode == Rcode.NXDOMAIN && !call.compactOk) {
                rcode = Rcode.NOERROR;
            }
        }
        return finish(call, response, query, rcode, scope);
    }

    private static boolean isTransfer(int qtype) {
        return qtype == Type.AXFR || qtype == Type.IXFR;
    }

    private static long optRecords(Message query) {
        return query.getSection(Section.ADDITIONAL).stream()
                .filter(r -> r.getType() == Type.OPT)
                .count();
    }

    /** Sets the rcode: its low four bits in the header, the rest (BADVERS) in the OPT record (RFC 6891 §6.1.3). */
    private static Message finish(Call call, Message response, Message query, int rcode, ClientSubnetOption scope) {
        call.rcode = rcode;
        response.getHeader().setRcode(rcode & 0xF);
        if (call.signed) {
            call.data.signer().sign(response);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            ClientSubnetOption ecs = clientSubnet(query);
            ClientSubnetOption echoed = scope != null || ecs == null
                    ? scope
                    : new ClientSubnetOption(ecs.getSourcePrefixLength(), 0, ecs.getAddress()); // not tailored: scope 0
            List<EDNSOption> options = echoed == null ? List.of() : List.of(echoed);
            int flags = call.dnssecOk ? ExtendedFlags.DO : 0;
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, rcode >>> 4, 0, flags, options), Section.ADDITIONAL);
        }
        return response;
    }

    private static ClientSubnetOption clientSubnet(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return null;
        }
        List<EDNSOption> options = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
        return options.isEmpty() ? null : (ClientSubnetOption) options.get(0);
    }

    /**
     * The ECS scope of a steered answer: the prefix of the network that placed the client, at most
     * the family's length; 0 when the client revealed no bits (RFC 7871).
     */
    static int ecsScope(int family, int sourcePrefix, ClientLocation location) {
        return sourcePrefix == 0 ? 0 : Math.min(location.scopePrefix(), family == 1 ? 32 : 128);
    }

    private static int sizeLimit(Message query, Transport transport) {
        OPTRecord opt = query.getOPT();
        return sizeLimit(transport, opt != null, opt == null ? 0 : opt.getPayloadSize());
    }

    /** The most a response may hold: 64 KiB over TCP, else the client's EDNS size capped at ours, or 512. */
    static int sizeLimit(Transport transport, boolean edns, int payload) {
        if (transport == Transport.TCP) {
            return 65535;
        }
        return edns ? Math.max(PLAIN_UDP_LIMIT, Math.min(payload, EDNS_PAYLOAD)) : PLAIN_UDP_LIMIT;
    }

    /** A reply that repeats only the query's ID and opcode: all that can be trusted of a malformed query. */
    private byte[] headerOnly(byte[] wire, int rcode, Transport transport) {
        Header h = new Header(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
        h.setFlag(Flags.QR);
        h.setOpcode((wire[2] >> 3) & 0xf);
        h.setRcode(rcode);
        listener.answered(transport, -1, rcode, null, false);
        return h.toWire();
    }
}
