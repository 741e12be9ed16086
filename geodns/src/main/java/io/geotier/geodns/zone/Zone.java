package io.geotier.geodns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The authoritative data of one zone: static records (SOA, NS, glue, anything a zone file
 * holds) plus the one name whose address answer is computed per client (the steered name).
 * Immutable once built; a reload builds a new one. Names compare case-insensitively (dnsjava's
 * Name). Invariants checked at construction: every record is inside the zone, the SOA is at
 * the apex, the steered name owns no static records, a name with a CNAME owns nothing else, and
 * no chain of CNAMEs loops.
 */
public final class Zone {

    private final Name origin;
    private final SOARecord soa;
    private final Name steered;
    private final Map<Name, List<Record>> records = new HashMap<>();

    public Zone(Name origin, SOARecord soa, List<Record> staticRecords, Name steered) {
        this.origin = origin;
        this.soa = soa;
        this.steered = steered;
        if (!soa.getName().equals(origin)) {
            throw new IllegalArgumentException("the SOA must be at the zone apex " + origin + ", not " + soa.getName());
        }
        if (!steered.subdomain(origin)) {
            throw new IllegalArgumentException("steered name " + steered + " is outside zone " + origin);
        }
        add(soa);
        staticRecords.stream().filter(r -> r.getType() != Type.SOA).forEach(this::add);
        if (records.containsKey(steered)) {
            throw new IllegalArgumentException("steered name " + steered + " must not have static records");
        }
        records.forEach((name, owned) -> {
            if (owned.size() > 1 && owned.stream().anyMatch(r -> r.getType() == Type.CNAME)) {
                throw new IllegalArgumentException(name + " has a CNAME and other records");
            }
        });
        records.keySet().forEach(this::rejectAliasLoop);
    }

    private void rejectAliasLoop(Name start) {
        java.util.Set<Name> seen = new java.util.HashSet<>();
        for (Optional<CNAMERecord> a = alias(start);
                a.isPresent();
                a = alias(a.get().getTarget())) {
            if (!seen.add(a.get().getName())) {
                throw new IllegalArgumentException("CNAME loop through " + start);
            }
        }
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    public Name steered() {
        return steered;
    }

    /** Whether we are authoritative for the name. */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    public boolean isSteered(Name name) {
        return name.equals(steered);
    }

    /** The static records of the name and type (every type for ANY). */
    public List<Record> records(Name name, int type) {
        List<Record> all = records.getOrDefault(name, List.of());
        List<Record> matching = new ArrayList<>();
        for (Record r : all) {
            if (type == Type.ANY || r.getType() == type) {
                matching.add(r);
            }
        }
        return matching;
    }

    /** The name's CNAME, if it is an alias. */
    public Optional<CNAMERecord> alias(Name name) {
        List<Record> owned = records.get(name);
        return owned != null && owned.size() == 1 && owned.get(0) instanceof CNAMERecord c
                ? Optional.of(c)
                : Optional.empty();
    }

    /** Whether the name exists: it owns records, is steered, or has a descendant that does. */
    public boolean exists(Name name) {
        if (records.containsKey(name) || isSteered(name) || steered.subdomain(name)) {
            return true;
        }
        return records.keySet().stream().anyMatch(owner -> owner.subdomain(name));
    }

    /** The types of the name's static records (empty for the steered name, whose answer is made per client). */
    public java.util.Set<Integer> types(Name name) {
        java.util.Set<Integer> types = new java.util.TreeSet<>();
        records.getOrDefault(name, List.of()).forEach(r -> types.add(r.getType()));
        return types;
    }

    /** This zone with one more static record (the DNSKEY at the apex when the zone is signed). */
    public Zone with(Record extra) {
        List<Record> all = new ArrayList<>();
        records.values().forEach(all::addAll);
        all.add(extra);
        return new Zone(origin, soa, all, steered);
    }

    /** Every static record, for tests and diagnostics. */
    public int size() {
        return records.values().stream().mapToInt(List::size).sum();
    }

    private void add(Record record) {
        if (!contains(record.getName())) {
            throw new IllegalArgumentException(record.getName() + " is outside zone " + origin);
        }
        records.computeIfAbsent(record.getName(), k -> new ArrayList<>()).add(record);
    }
}
