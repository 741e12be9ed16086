package io.geotier.geodns.server;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.ClientLocation;
import io.geotier.geodns.geo.Locator;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.zone.Zone;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
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
 * is not worth an answer (too short to carry an ID, or itself a response). Never recurses.
 */
public final class Responder {

    /** Our EDNS(0) UDP payload size: the 2020 DNS flag day value, safe from fragmentation. */
    static final int EDNS_PAYLOAD = 1232;
    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int HEADER_BYTES = 12;

    private final Zone zone;
    private final Locator locator;
    private final Steering steering;
    private final long steeredTtl;
    private final QueryListener listener;

    public Responder(Zone zone, Locator locator, Steering steering, long steeredTtl, QueryListener listener) {
        this.zone = zone;
        this.locator = locator;
        this.steering = steering;
        this.steeredTtl = steeredTtl;
        this.listener = listener;
    }

    /** @return the response, or null to send nothing */
    public byte[] respond(byte[] wire, InetAddress source, Transport transport) {
        if (wire.length < HEADER_BYTES || (wire[2] & 0x80) != 0) {
            return null;
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return headerOnly(wire, Rcode.FORMERR, transport);
        }
        Message response = answer(query, source, transport);
        return response.toWire(sizeLimit(query, transport));
    }

    private Message answer(Message query, InetAddress source, Transport transport) {
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
            return finish(response, query, Rcode.NOTIMP, transport, null, null);
        }
        if (question == null || qh.getCount(Section.QUESTION) != 1 || qh.getCount(Section.ANSWER) != 0) {
            return finish(response, query, Rcode.FORMERR, transport, null, null);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (question.getDClass() != DClass.IN || !zone.contains(name)) {
            return finish(response, query, Rcode.REFUSED, transport, null, null);
        }
        rh.setFlag(Flags.AA);
        if (zone.isSteered(name)) {
            return steer(response, query, source, transport);
        }
        List<Record> records = zone.records(name, question.getType());
        records.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (!records.isEmpty()) {
            return finish(response, query, Rcode.NOERROR, transport, null, null);
        }
        return negative(response, query, zone.exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN, transport, null);
    }

    private Message steer(Message response, Message query, InetAddress source, Transport transport) {
        ClientSubnetOption ecs = clientSubnet(query);
        InetAddress client = source;
        int sourcePrefix = source.getAddress().length * 8;
        if (ecs != null && ecs.getSourcePrefixLength() > 0) {
            client = Cidr.mask(ecs.getAddress(), ecs.getSourcePrefixLength());
            sourcePrefix = ecs.getSourcePrefixLength();
        }
        ClientLocation location = locator.locate(client, sourcePrefix);
        ClientSubnetOption scope = ecs == null ? null
                : new ClientSubnetOption(ecs.getSourcePrefixLength(),
                        ecs.getSourcePrefixLength() == 0 ? 0 : Math.min(location.scopePrefix(), maxPrefix(ecs)),
                        ecs.getAddress());
        Node node = steering.choose(location);
        int qtype = query.getQuestion().getType();
        Record answer = answerFor(node, qtype, response.getQuestion().getName());
        if (answer == null) {
            return negative(response, query, Rcode.NOERROR, transport, scope);
        }
        response.addRecord(answer, Section.ANSWER);
        return finish(response, query, Rcode.NOERROR, transport, scope, node.region());
    }

    private Record answerFor(Node node, int qtype, Name name) {
        boolean v4 = node.address().getAddress().length == 4;
        if ((qtype == Type.A || qtype == Type.ANY) && v4) {
            return new ARecord(name, DClass.IN, steeredTtl, node.address());
        }
        if ((qtype == Type.AAAA || qtype == Type.ANY) && !v4) {
            return new AAAARecord(name, DClass.IN, steeredTtl, node.address());
        }
        return null;
    }

    /** NXDOMAIN or NODATA: the SOA in the authority section, its TTL capped by the SOA minimum (RFC 2308). */
    private Message negative(Message response, Message query, int rcode, Transport transport, ClientSubnetOption scope) {
        SOARecord soa = zone.soa();
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        response.addRecord(new SOARecord(soa.getName(), DClass.IN, ttl, soa.getHost(), soa.getAdmin(),
                soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()),
                Section.AUTHORITY);
        return finish(response, query, rcode, transport, scope, null);
    }

    private Message finish(Message response, Message query, int rcode, Transport transport,
            ClientSubnetOption scope, String region) {
        response.getHeader().setRcode(rcode);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            List<EDNSOption> options = scope == null ? List.of() : List.of(scope);
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, 0, options), Section.ADDITIONAL);
        }
        Record question = query.getQuestion();
        listener.answered(transport, question == null ? -1 : question.getType(), rcode, region,
                clientSubnet(query) != null);
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

    private static int maxPrefix(ClientSubnetOption ecs) {
        return ecs.getFamily() == 1 ? 32 : 128;
    }

    private static int sizeLimit(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            return 65535;
        }
        OPTRecord opt = query.getOPT();
        return opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
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
