package io.geotier.geodns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionTest {

    private static Node at(double lat, double lon) throws Exception {
        return new Node("n" + lat + lon, "r", InetAddress.getByName("127.0.0.1"), lat, lon, null);
    }

    @Test
    void aRegionAcrossTheAntimeridianIsLocatedOnIt() throws Exception {
        // Fiji (178.4°E) and Samoa (171.8°W): the plain mean of the longitudes is 3.3°E, in Africa.
        Region pacific = Region.of("pacific", List.of(at(-18.1, 178.4), at(-13.8, -171.8)));
        assertTrue(Math.abs(Math.abs(pacific.longitude()) - 176.7) < 0.5, "longitude " + pacific.longitude());
        assertTrue(pacific.km(-17.7, 177.4) < 1_500, "Nadi is near the region, not half a world away");
        assertTrue(pacific.km(0, 3.3) > 15_000);
    }

    @Test
    void aSingleNodeIsItsRegionsPositionAndNearbyNodesAverage() throws Exception {
        Region one = Region.of("eu-west", List.of(at(51.5072, -0.1276)));
        assertEquals(51.5072, one.latitude(), 1e-9);
        assertEquals(-0.1276, one.longitude(), 1e-9);
        Region two = Region.of("eu-west", List.of(at(51.0, -1.0), at(52.0, 1.0)));
        assertEquals(51.5, two.latitude(), 0.01);
        assertEquals(0.0, two.longitude(), 0.05); // a degree of longitude is shorter at 52°N than at 51°N
    }
}
