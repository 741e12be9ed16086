package io.geotier.geodns.zone;

import io.geotier.geodns.GeodnsConfig;
import io.geotier.geodns.geo.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds the zone from a zone file (RFC 1035 master format) or, without one, from configuration. */
public final class ZoneFactory {

    private ZoneFactory() {}

    public static Zone load(GeodnsConfig.ZoneSettings zone, GeodnsConfig.Steering steering) {
        return zone.file().isPresent()
                ? fromFile(zone.file().get(), zone.name(), steering.name())
                : fromConfig(zone, steering);
    }

    /**
     * Reads a zone file: its SOA must be at the configured apex, and it must not give the steered
     * name records of its own.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Zone fromFile(Path file, String zoneName, String steeredName) {
        try {
            Name origin = Name.fromString(zoneName, Name.root);
            List<Record> records = new ArrayList<>();
            try (Master master = new Master(file.toString(), origin)) {
                for (Record r; (r = master.nextRecord()) != null; ) {
                    if (r.getDClass() != DClass.IN) {
                        throw new IllegalArgumentException("only class IN is served: " + r);
                    }
                    records.add(r);
                }
            }
            SOARecord soa = records.stream()
                    .filter(r -> r.getType() == Type.SOA)
                    .map(SOARecord.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no SOA record"));
            if (records.stream()
                    .noneMatch(r -> r.getType() == Type.NS && r.getName().equals(origin))) {
                throw new IllegalArgumentException("no NS record at the apex " + origin);
            }
            return new Zone(origin, soa, records, Name.fromString(steeredName, origin));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("zone file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Zone fromConfig(GeodnsConfig.ZoneSettings zone, GeodnsConfig.Steering steering) {
        try {
            Name origin = Name.fromString(zone.name(), Name.root);
            long ttl = zone.ttl().toSeconds();
            Name ns = Name.fromString(zone.nameServer(), origin);
            Name hostmaster = Name.fromString(zone.hostmaster(), origin);
            SOARecord soa = new SOARecord(
                    origin,
                    DClass.IN,
                    ttl,
                    ns,
                    hostmaster,
                    zone.serial(),
                    3600,
                    600,
                    604800,
                    zone.negativeTtl().toSeconds());
            InetAddress nsAddress = Cidr.parse(zone.nameServerAddress()).network();
            Record glue = nsAddress.getAddress().length == 4
                    ? new ARecord(ns, DClass.IN, ttl, nsAddress)
                    : new AAAARecord(ns, DClass.IN, ttl, nsAddress);
            List<Record> records = List.of(new NSRecord(origin, DClass.IN, ttl, ns), glue);
            return new Zone(origin, soa, records, Name.fromString(steering.name(), origin));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid zone configuration: " + e.getMessage(), e);
        }
    }
}
