package io.geotier.geodns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.ClientLocation;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SteeringTest {

    private static Node node(String name, String region, String ip, double lat, double lon) {
        return new Node(name, region, Cidr.parse(ip).network(), lat, lon, URI.create("http://" + ip + ":8080/q/health/ready"));
    }

    private static final Node LONDON = node("eu-west-1", "eu-west", "127.0.1.1", 51.5072, -0.1276);
    private static final Node ASHBURN = node("us-east-1", "us-east", "127.0.2.1", 39.0438, -77.4874);
    private static final Node SINGAPORE = node("ap-southeast-1", "ap-southeast", "127.0.3.1", 1.3521, 103.8198);
    private static final List<Node> ALL = List.of(LONDON, ASHBURN, SINGAPORE);

    private final Set<Node> down = new HashSet<>();
    private final Steering steering = new Steering(ALL, n -> !down.contains(n), "us-east");

    @Test
    void clientIsSentToTheClosestNode() {
        assertEquals(LONDON, steering.choose(new ClientLocation.AtPoint(48.85, 2.35, 24)));      // Paris
        assertEquals(ASHBURN, steering.choose(new ClientLocation.AtPoint(41.88, -87.63, 24)));   // Chicago
        assertEquals(SINGAPORE, steering.choose(new ClientLocation.AtPoint(-33.87, 151.21, 24))); // Sydney
        assertEquals(SINGAPORE, steering.choose(new ClientLocation.AtPoint(43.88, 125.32, 24)));  // Changchun
    }

    @Test
    void unhealthyNodeIsSkippedForTheNextClosest() {
        down.add(LONDON);
        assertEquals(ASHBURN, steering.choose(new ClientLocation.AtPoint(48.85, 2.35, 24)));
        down.add(SINGAPORE);
        assertEquals(ASHBURN, steering.choose(new ClientLocation.AtPoint(-33.87, 151.21, 24)));
    }

    @Test
    void coverageZoneRegionIsHonouredAndSpillsToTheClosestHealthyRegion() {
        assertEquals(SINGAPORE, steering.choose(new ClientLocation.InRegion("ap-southeast", 24)));
        down.add(SINGAPORE);
        // Singapore is closer to London (10 900 km) than to Ashburn (15 500 km).
        assertEquals(LONDON, steering.choose(new ClientLocation.InRegion("ap-southeast", 24)));
    }

    @Test
    void unknownClientGetsTheDefaultRegion() {
        assertEquals(ASHBURN, steering.choose(new ClientLocation.Unknown(32)));
        assertEquals(LONDON, new Steering(ALL, n -> true, null).choose(new ClientLocation.Unknown(32)),
                "without a default region, the first configured node's region");
    }

    @Test
    void whenNothingIsHealthyTheClosestNodeIsStillAnswered() {
        down.addAll(ALL);
        assertEquals(SINGAPORE, steering.choose(new ClientLocation.AtPoint(-33.87, 151.21, 24)));
    }

    @Test
    void greatCircleDistancesMatchKnownValues() {
        assertEquals(5_900, GreatCircle.km(51.5072, -0.1276, 39.0438, -77.4874), 100); // London - Ashburn
        assertEquals(10_850, GreatCircle.km(51.5072, -0.1276, 1.3521, 103.8198), 100); // London - Singapore
        assertEquals(0, GreatCircle.km(10, 10, 10, 10), 1e-9);
        assertEquals(Math.PI * GreatCircle.EARTH_RADIUS_KM, GreatCircle.km(0, 0, 0, 180), 1e-6);
    }
}
