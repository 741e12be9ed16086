package io.geotier.geodns.geo;

import java.net.InetAddress;
import java.util.Optional;

/** Places a client: a coverage zone first, then GeoIP, else unknown. */
public final class Locator {

    private final CoverageZones coverage;
    private final GeoIpLocator geoIp;

    /** @param geoIp null when no GeoIP database is configured */
    public Locator(CoverageZones coverage, GeoIpLocator geoIp) {
        this.coverage = coverage;
        this.geoIp = geoIp;
    }

    /**
     * @param address      the client subnet's address (already masked) or the source address
     * @param sourcePrefix how many leading bits of it the client revealed
     */
    public ClientLocation locate(InetAddress address, int sourcePrefix) {
        Optional<CoverageZones.Zone> zone = coverage.lookup(address);
        if (zone.isPresent()) {
            return new ClientLocation.InRegion(zone.get().region(), zone.get().network().prefix());
        }
        if (geoIp != null) {
            Optional<GeoIpLocator.Point> point = geoIp.locate(address);
            if (point.isPresent()) {
                return new ClientLocation.AtPoint(point.get().latitude(), point.get().longitude(),
                        point.get().networkPrefix());
            }
        }
        return new ClientLocation.Unknown(sourcePrefix);
    }
}
