package io.geotier.geodns.reload;

import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.geo.Locator;
import io.geotier.geodns.zone.Zone;

/**
 * The data queries are answered from, replaced whole when a file changes so a query sees either
 * the old data or the new, never a mix.
 *
 * @param geoIp null when no GeoIP database is configured
 */
public record Served(Zone zone, CoverageZones coverage, GeoIpLocator geoIp, Locator locator) {

    public Served(Zone zone, CoverageZones coverage, GeoIpLocator geoIp) {
        this(zone, coverage, geoIp, new Locator(coverage, geoIp));
    }
}
