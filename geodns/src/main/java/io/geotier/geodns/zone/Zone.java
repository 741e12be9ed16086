package io.geotier.geodns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The authoritative data of one zone: SOA, NS and their glue, plus the one name whose A answer is
 * computed per client (the steered name). Names compare case-insensitively (dnsjava's Name).
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
        add(soa);
        staticRecords.forEach(this::add);
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    /** Whether we are authoritative for the name. */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    public boolean isSteered(Name name) {
        return name.equals(steered);
    }

    /** The static records of the name and type (CNAME handling arrives with static zone files). */
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

    /** Whether the name exists: it owns records, is steered, or has a descendant that does. */
    public boolean exists(Name name) {
        if (records.containsKey(name) || isSteered(name)) {
            return true;
        }
        if (steered.subdomain(name)) {
            return true;
        }
        return records.keySet().stream().anyMatch(owner -> owner.subdomain(name));
    }

    private void add(Record record) {
        if (!contains(record.getName())) {
            throw new IllegalArgumentException(record.getName() + " is outside zone " + origin);
        }
        records.computeIfAbsent(record.getName(), k -> new ArrayList<>()).add(record);
    }
}
