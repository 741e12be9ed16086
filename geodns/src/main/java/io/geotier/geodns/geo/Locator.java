package io.geotier.geodns.geo;

import io.geotier.geodns.Memo;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Places a client: a coverage zone first, then GeoIP, else unknown. Placements are remembered
 * (up to 64 Ki, then all forgotten at once): a resolver asks again and again from the same
 * address or subnet, and a Locator lives only as long as the files it reads, so a reload forgets
 * them all.
 */
public final class Locator {

    private static final int REMEMBERED = 1 << 16;

    private record Asked(InetAddress address, int sourcePrefix) {}

    private final CoverageZones coverage;
    private final GeoIpLocator geoIp;
    private final Memo<Asked, ClientLocation> placed = new Memo<>(REMEMBERED);

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
        return placed.get(new Asked(address, sourcePrefix), this::place);
    }

    private ClientLocation place(Asked asked) {
        InetAddress address = asked.address();
        int sourcePrefix = asked.sourcePrefix();
        Optional<CoverageZones.Zone> zone = coverage.lookup(address);
        if (zone.isPresent()) {
            return new ClientLocation.InRegion(
                    zone.get().region(), zone.get().network().prefix());
        }
        if (geoIp != null) {
            Optional<GeoIpLocator.Point> point = geoIp.locate(address);
            if (point.isPresent()) {
                return new ClientLocation.AtPoint(
                        point.get().latitude(),
                        point.get().longitude(),
                        point.get().networkPrefix());
            }
        }
        return new ClientLocation.Unknown(sourcePrefix);
    }
}
