package io.geotier.geodns.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.registry.NodeEntry;
import io.geotier.registry.RegistryCaches;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * geodns configured with no node at all learns every node from the registry: a node that
 * registers is answered soon after it is ready, a dual-stack node by A and AAAA, a drain is kept
 * in the registry (and one written there by another replica is obeyed), a node that leaves is no
 * longer answered.
 */
@QuarkusTest
@WithTestResource(RegistryWorld.class)
class RegistrySteeringTest {

    // The test's own client, not the app's: an injected cache would make every geodns test app
    // (most run without the registry) build an Infinispan client at start.
    private final RemoteCache<String, NodeEntry> nodes = RegistryWorld.cluster.getCache(RegistryCaches.NODES);
    private final RemoteCache<String, String> drains = RegistryWorld.cluster.getCache(RegistryCaches.DRAINS);

    @AfterEach
    void clear() {
        nodes.clear();
        drains.clear();
        RegistryWorld.READY.clear();
    }

    @Test
    void aNodeThatRegistersIsAnsweredWithinTwoSecondsOfBecomingReady() throws Exception {
        String south = RegistryWorld.HOSTS.get(3);
        RegistryWorld.READY.put(south, true);
        register("south-0", "south", south);
        await("south-0 answered", () -> addresses("10.1.0.0", Type.A).equals(Set.of(south)));
        // a node learnt from the registry is reported like a configured one
        await(
                "south-0 in the metrics",
                () -> given().get("/q/metrics")
                        .asString()
                        .contains("geodns_node_available{node=\"south-0\",region=\"south\"} 1.0"));
        register("north-1", "north", RegistryWorld.HOSTS.get(0));
        await("geodns knows north-1", () -> given().get("/nodes").asString().contains("north-1"));
        Thread.sleep(500); // probed while not ready: the node is down, not merely unprobed
        assertEquals(Set.of(south), addresses("10.1.0.0", Type.A), "not answered before it is ready");
        long ready = System.nanoTime();
        RegistryWorld.READY.put(RegistryWorld.HOSTS.get(0), true);
        await("north-1 answered", () -> addresses("10.1.0.0", Type.A).equals(Set.of(RegistryWorld.HOSTS.get(0))));
        double seconds = (System.nanoTime() - ready) / 1e9;
        System.out.printf("registered node answered %.2f s after it became ready%n", seconds);
        assertTrue(seconds < 2.0, "steered to within 2 s of becoming ready, took " + seconds);
    }

    @Test
    void aDualStackNodeIsAnsweredByAAndAaaa() throws Exception {
        String host = RegistryWorld.HOSTS.get(1);
        RegistryWorld.READY.put(host, true);
        nodes.put(
                "south-1",
                new NodeEntry(
                        "south-1",
                        "south",
                        List.of(host + ":" + RegistryWorld.PORTS.get(host), "[::1]:8080"),
                        -30,
                        20,
                        1_000_000_000L,
                        0,
                        -1,
                        "active",
                        System.currentTimeMillis()),
                1,
                TimeUnit.MINUTES);
        await("south-1 answered", () -> addresses("10.2.0.0", Type.A).equals(Set.of(host)));
        assertEquals(Set.of("0:0:0:0:0:0:0:1"), addresses("10.2.0.0", Type.AAAA));
    }

    @Test
    void aDrainIsKeptInTheRegistryAndADrainWrittenThereIsObeyed() throws Exception {
        String north = RegistryWorld.HOSTS.get(2);
        String south = RegistryWorld.HOSTS.get(3);
        twoReadyRegions("north-2", north, "south-2", south);

        given().header("Authorization", "Bearer " + RegistryWorld.ADMIN_TOKEN)
                .put("/nodes/north-2/drain")
                .then()
                .statusCode(200);
        assertTrue(drains.containsKey("north-2"), "kept in the registry");
        assertEquals(Set.of(south), addresses("10.1.0.0", Type.A), "north's clients go south");

        drains.remove("north-2"); // undrained by another geodns replica
        await("north-2 back", () -> addresses("10.1.0.0", Type.A).equals(Set.of(north)));
        drains.put("north-2", "drained by another replica");
        await("drained again", () -> addresses("10.1.0.0", Type.A).equals(Set.of(south)));
    }

    @Test
    void aNodeThatLeavesIsNoLongerAnswered() throws Exception {
        String north = RegistryWorld.HOSTS.get(0);
        String south = RegistryWorld.HOSTS.get(1);
        twoReadyRegions("north-3", north, "south-3", south);
        nodes.remove("north-3");
        await("north-3 gone", () -> addresses("10.1.0.0", Type.A).equals(Set.of(south)));
        assertTrue(!given().get("/nodes").asString().contains("north-3"));
    }

    @Test
    void aRegionPastItsShareOfCapacityShedsClientsToTheNextAndTakesThemBackWhenItFalls() throws Exception {
        String north = RegistryWorld.HOSTS.get(0);
        String south = RegistryWorld.HOSTS.get(1);
        twoReadyRegions("north-4", north, "south-4", south);

        report("north-4", "north", north, 950_000_000L); // 95 % of 1 Gbit/s: sheds 83 %
        await("some of north's clients go south", () -> share(south) > 0.5);
        report("north-4", "north", north, 800_000_000L); // 80 %: inside the band, still shedding (33 %)
        Thread.sleep(300);
        double inBand = share(south);
        assertTrue(inBand > 0.1 && inBand < 0.6, "still shedding, less: " + inBand);
        report("north-4", "north", north, 500_000_000L);
        await("all back north", () -> share(south) == 0.0);
    }

    /** A ready node in north and one in south, registered; returns once north's clients get north's. */
    private void twoReadyRegions(String northName, String north, String southName, String south) throws Exception {
        RegistryWorld.READY.put(north, true);
        RegistryWorld.READY.put(south, true);
        register(northName, "north", north);
        register(southName, "south", south);
        await(
                northName + " answered for north",
                () -> addresses("10.1.0.0", Type.A).equals(Set.of(north)));
    }

    /** The share of 200 answers for a north client that name {@code host}. */
    private static double share(String host) throws Exception {
        int hits = 0;
        for (int i = 0; i < 200; i++) {
            hits += addresses("10.1.0.0", Type.A).contains(host) ? 1 : 0;
        }
        return hits / 200.0;
    }

    private void register(String name, String region, String host) {
        report(name, region, host, 0);
    }

    /** The entry a node of {@code region} writes at its heartbeat, reporting {@code egressBps} of 1 Gbit/s. */
    private void report(String name, String region, String host, long egressBps) {
        double lat = region.equals("north") ? 60 : -30;
        nodes.put(
                name,
                new NodeEntry(
                        name,
                        region,
                        List.of(host + ":" + RegistryWorld.PORTS.get(host)),
                        lat,
                        10,
                        1_000_000_000L,
                        egressBps,
                        -1,
                        "active",
                        System.currentTimeMillis()),
                1,
                TimeUnit.MINUTES);
    }

    /** The addresses geodns answers the steered name with for a client in {@code subnet}/24. */
    private static Set<String> addresses(String subnet, int type) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("cdn.geotier.test."), type, DClass.IN));
        query.addRecord(
                new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(subnet)))),
                Section.ADDITIONAL);
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(RegistryWorld.dnsPort);
        resolver.setTimeout(Duration.ofSeconds(2));
        Message answer = resolver.send(query);
        Set<String> found = new TreeSet<>();
        if (answer.getRcode() == Rcode.NOERROR) {
            answer.getSection(Section.ANSWER).forEach(r -> found.add(r.rdataToString()));
        }
        return found;
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out: " + what + "; geodns /nodes: "
                + given().get("/nodes").asString());
    }
}
