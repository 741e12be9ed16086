package io.geotier.geodns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.ClientLocation;
import io.geotier.registry.GreatCircle;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SteeringTest {

    private static Node node(String name, String region, String ip, double lat, double lon, int weight) {
        return new Node(
                name,
                region,
                Cidr.parse(ip).network(),
                lat,
                lon,
                URI.create("http://" + ip + ":8080/q/health/ready"),
                weight);
    }

    private static final Node LONDON = node("eu-west-1", "eu-west", "127.0.1.1", 51.5072, -0.1276, 100);
    private static final Node ASHBURN = node("us-east-1", "us-east", "127.0.2.1", 39.0438, -77.4874, 100);
    private static final Node SINGAPORE = node("ap-southeast-1", "ap-southeast", "127.0.3.1", 1.3521, 103.8198, 100);
    private static final List<Node> ALL = List.of(LONDON, ASHBURN, SINGAPORE);

    private static final ClientLocation PARIS = new ClientLocation.AtPoint(48.85, 2.35, 24);
    private static final ClientLocation SYDNEY = new ClientLocation.AtPoint(-33.87, 151.21, 24);

    /** Health as a test sets it: nodes down, and seconds until a node could change. */
    private final Set<Node> down = new HashSet<>();

    private final Map<Node, Long> changing = new HashMap<>();
    private int healthReads;
    private final NodeStatus status = new NodeStatus() {
        public boolean available(Node node) {
            healthReads++;
            return !down.contains(node);
        }

        public long secondsUntilPossibleChange(Node node) {
            return changing.getOrDefault(node, 0L);
        }

        public long version() {
            return down.hashCode() * 31L + changing.hashCode(); // tests change health by editing the two
        }
    };

    private Steering steering(List<Node> nodes, int answers, SteeringFallback fallback) {
        return new Steering(nodes, status, "us-east", answers, 30, fallback);
    }

    private Node one(Steering steering, ClientLocation location) {
        Answer.Nodes answer = assertInstanceOf(Answer.Nodes.class, steering.choose(location));
        assertEquals(1, answer.nodes().size());
        return answer.nodes().get(0);
    }

    @Test
    void clientIsSentToTheClosestRegion() {
        Steering steering = steering(ALL, 1, null);
        assertEquals(LONDON, one(steering, PARIS));
        assertEquals(ASHBURN, one(steering, new ClientLocation.AtPoint(41.88, -87.63, 24))); // Chicago
        assertEquals(SINGAPORE, one(steering, SYDNEY));
        assertEquals(SINGAPORE, one(steering, new ClientLocation.AtPoint(43.88, 125.32, 24))); // Changchun
        assertEquals(30, steering.choose(PARIS).ttl(), "nothing in transition: the configured TTL");
    }

    @Test
    void aSheddingRegionSendsItsShareOfClientsToTheNextClosestAndTheRestStay() {
        LoadShedding shedding = new LoadShedding(0.85, 0.70);
        Steering steering = new Steering(ALL, status, "us-east", 1, 30, null, shedding);
        assertEquals(LONDON, one(steering, PARIS));
        shedding.update(Map.of("eu-west", 0.85)); // sheds (0.85 - 0.70) / 0.30 = 50 %
        int onward = 0;
        for (int i = 0; i < 4000; i++) {
            Node chosen = one(steering, PARIS);
            assertTrue(chosen == LONDON || chosen == ASHBURN, "only to the next closest region: " + chosen);
            onward += chosen == ASHBURN ? 1 : 0;
        }
        assertEquals(2000, onward, 200, "half of Paris goes on to Ashburn");
        shedding.update(Map.of("eu-west", 0.5));
        for (int i = 0; i < 200; i++) {
            assertEquals(LONDON, one(steering, PARIS), "back once the load fell below stop");
        }
    }

    @Test
    void aSheddingRegionWithNowhereElseToSendKeepsItsClients() {
        LoadShedding shedding = new LoadShedding(0.85, 0.70);
        Steering steering = new Steering(ALL, status, "us-east", 1, 30, null, shedding);
        down.add(ASHBURN);
        down.add(SINGAPORE);
        shedding.update(Map.of("eu-west", 1.0));
        for (int i = 0; i < 100; i++) {
            assertEquals(LONDON, one(steering, PARIS));
        }
    }

    @Test
    void unavailableRegionSpillsToTheNextClosest() {
        Steering steering = steering(ALL, 1, null);
        down.add(LONDON);
        assertEquals(ASHBURN, one(steering, PARIS));
        down.add(SINGAPORE);
        assertEquals(ASHBURN, one(steering, SYDNEY));
    }

    @Test
    void coverageZoneRegionIsHonouredAndSpillsToTheRegionClosestToIt() {
        Steering steering = steering(ALL, 1, null);
        assertEquals(SINGAPORE, one(steering, new ClientLocation.InRegion("ap-southeast", 24)));
        down.add(SINGAPORE);
        // Singapore is closer to London (10 900 km) than to Ashburn (15 500 km).
        assertEquals(LONDON, one(steering, new ClientLocation.InRegion("ap-southeast", 24)));
    }

    @Test
    void unknownClientGetsTheDefaultRegion() {
        assertEquals(ASHBURN, one(steering(ALL, 1, null), new ClientLocation.Unknown(32)));
        assertEquals(
                LONDON,
                one(new Steering(ALL, status, null, 1, 30, null), new ClientLocation.Unknown(32)),
                "without a default region, the first configured node's region");
    }

    @Test
    void withNothingAvailableAndNoFallbackTheNearestRegionIsStillAnswered() {
        down.addAll(ALL);
        assertEquals(SINGAPORE, one(steering(ALL, 1, null), SYDNEY));
    }

    @Test
    void withNothingAvailableTheFallbackIsAnswered() {
        down.addAll(ALL);
        SteeringFallback origin = SteeringFallback.parse("origin.example.com");
        Answer answer = steering(ALL, 1, origin).choose(SYDNEY);
        assertEquals(origin, assertInstanceOf(Answer.Fallback.class, answer).target());
        assertInstanceOf(SteeringFallback.Address.class, SteeringFallback.parse("192.0.2.7"));
        assertInstanceOf(SteeringFallback.Address.class, SteeringFallback.parse("2001:db8::7"));
    }

    @Test
    void answersUpToNNodesOfOneRegionOnly() {
        Node london2 = node("eu-west-2", "eu-west", "127.0.1.2", 51.5, -0.1, 100);
        List<Node> nodes = List.of(LONDON, london2, ASHBURN, SINGAPORE);
        Answer.Nodes two = (Answer.Nodes) steering(nodes, 2, null).choose(PARIS);
        assertEquals(Set.of(LONDON, london2), Set.copyOf(two.nodes()));
        Answer.Nodes three = (Answer.Nodes) steering(nodes, 3, null).choose(PARIS);
        assertEquals(Set.of(LONDON, london2), Set.copyOf(three.nodes()), "never padded from another region");
        down.add(london2);
        assertEquals(List.of(LONDON), ((Answer.Nodes) steering(nodes, 2, null).choose(PARIS)).nodes());
    }

    @Test
    void nodesAreDrawnInProportionToTheirWeight() {
        Node big = node("eu-west-big", "eu-west", "127.0.1.3", 51.5, -0.1, 300);
        Steering steering = steering(List.of(LONDON, big, ASHBURN), 1, null);
        int bigCount = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            if (one(steering, PARIS).equals(big)) {
                bigCount++;
            }
        }
        assertEquals(0.75, bigCount / (double) draws, 0.03, "weight 300 against 100");
    }

    @Test
    void ttlIsCutToTheSoonestPossibleChangeAmongTheNodesThatDecide() {
        Steering steering = steering(ALL, 1, null);
        changing.put(SINGAPORE, 2L);
        assertEquals(30, steering.choose(PARIS).ttl(), "a node in a farther region decides nothing for Paris");
        changing.put(ASHBURN, 3L);
        down.add(LONDON);
        assertEquals(3, steering.choose(PARIS).ttl(), "London down, Ashburn answered but could fail within 3 s");
        changing.put(LONDON, 4L);
        assertEquals(3, steering.choose(PARIS).ttl());
        changing.put(LONDON, 2L);
        assertEquals(2, steering.choose(PARIS).ttl(), "London could be back within 2 s: ask again then");
        assertTrue(steering.choose(SYDNEY).ttl() >= 1);
    }

    @Test
    void aDecisionIsReusedUntilHealthChanges() {
        Steering steering = steering(ALL, 1, null);
        Answer first = steering.choose(PARIS);
        int reads = healthReads;
        for (int i = 0; i < 1000; i++) {
            assertSame(first, steering.choose(PARIS), "the same decision, not an equal copy");
        }
        assertEquals(reads, healthReads, "health unchanged: not read again");
        down.add(LONDON);
        assertEquals(ASHBURN, one(steering, PARIS), "a change of health is seen at once");
        down.remove(LONDON);
        assertEquals(LONDON, one(steering, PARIS));
        assertEquals(first, steering.choose(PARIS));
    }

    @Test
    void aRegionOfSeveralNodesIsDrawnPerQueryEvenWhileHealthStands() {
        Node london2 = node("eu-west-2", "eu-west", "127.0.1.2", 51.5, -0.1, 100);
        Steering steering = steering(List.of(LONDON, london2, ASHBURN), 1, null);
        Set<Node> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(one(steering, PARIS));
        }
        assertEquals(Set.of(LONDON, london2), seen);
    }

    @Test
    void greatCircleDistancesMatchKnownValues() {
        assertEquals(5_900, GreatCircle.km(51.5072, -0.1276, 39.0438, -77.4874), 100); // London - Ashburn
        assertEquals(10_850, GreatCircle.km(51.5072, -0.1276, 1.3521, 103.8198), 100); // London - Singapore
        assertEquals(0, GreatCircle.km(10, 10, 10, 10), 1e-9);
        assertEquals(Math.PI * GreatCircle.EARTH_RADIUS_KM, GreatCircle.km(0, 0, 0, 180), 1e-6);
    }
}
