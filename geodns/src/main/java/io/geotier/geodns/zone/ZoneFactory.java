package io.geotier.geodns.zone;

import io.geotier.geodns.GeodnsConfig;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/** Builds the zone from configuration. */
public final class ZoneFactory {

    private ZoneFactory() {
    }

    public static Zone fromConfig(GeodnsConfig.ZoneSettings zone, GeodnsConfig.Steering steering) {
        try {
            Name origin = Name.fromString(zone.name(), Name.root);
            long ttl = zone.ttl().toSeconds();
            Name ns = Name.fromString(zone.nameServer(), origin);
            Name hostmaster = Name.fromString(zone.hostmaster(), origin);
            SOARecord soa = new SOARecord(origin, DClass.IN, ttl, ns, hostmaster, zone.serial(),
                    3600, 600, 604800, zone.negativeTtl().toSeconds());
            InetAddress nsAddress = InetAddress.getByAddress(
                    io.geotier.geodns.geo.Cidr.parse(zone.nameServerAddress()).network().getAddress());
            Record glue = nsAddress.getAddress().length == 4
                    ? new ARecord(ns, DClass.IN, ttl, nsAddress)
                    : new AAAARecord(ns, DClass.IN, ttl, nsAddress);
            List<Record> records = List.of(new NSRecord(origin, DClass.IN, ttl, ns), glue);
            return new Zone(origin, soa, records, Name.fromString(steering.name(), origin));
        } catch (TextParseException | java.net.UnknownHostException e) {
            throw new IllegalArgumentException("invalid zone configuration: " + e.getMessage(), e);
        }
    }
}
