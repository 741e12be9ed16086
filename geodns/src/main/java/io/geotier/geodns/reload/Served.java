package io.geotier.geodns.reload;

import io.geotier.geodns.dnssec.ZoneSigner;
import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.geo.Locator;
import io.geotier.geodns.zone.Zone;

/**
 * The data queries are answered from, replaced whole when a file changes so a query sees either
 * the old data or the new, never a mix.
 *
 * @param zone   as served: with the signing key's DNSKEY at the apex when the zone is signed
 * @param geoIp  null when no GeoIP database is configured
 * @param signer null when the zone is not signed
 */
public record Served(Zone zone, CoverageZones coverage, GeoIpLocator geoIp, Locator locator, ZoneSigner signer) {

    /** An unsigned zone. */
    public Served(Zone zone, CoverageZones coverage, GeoIpLocator geoIp) {
        this(zone, coverage, geoIp, new Locator(coverage, geoIp), null);
    }

    /** The zone as loaded, signed by {@code signer} when there is one, which publishes its keys. */
    public static Served of(Zone unsigned, CoverageZones coverage, GeoIpLocator geoIp, ZoneSigner signer) {
        Zone zone = unsigned;
        if (signer != null) {
            for (org.xbill.DNS.DNSKEYRecord key : signer.published()) {
                zone = zone.with(key);
            }
        }
        return new Served(zone, coverage, geoIp, new Locator(coverage, geoIp), signer);
    }
}
