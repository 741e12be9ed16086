package io.geotier.geodns.server;

import static io.geotier.geodns.server.TestDns.query;
import static io.geotier.geodns.server.TestDns.send;
import static io.geotier.geodns.server.TestDns.udpRoundTripOrNull;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Zone, coverage-zone and GeoIP files replaced while geodns serves: picked up, or rejected with the old kept. */
@QuarkusTest
@WithTestResource(GeodnsTestWorld.class)
class ReloadTest {

    /** Replaces a file the way geoipupdate does: a new file renamed over the old. */
    private static void replace(Path file, byte[] content) throws IOException {
        Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 10 s");
            Thread.sleep(50);
        }
    }

    private static String address(String name, String ecs, int prefix) {
        try {
            Message response = send(query(name, Type.A, ecs, prefix), false);
            return response.getRcode() == Rcode.NOERROR
                            && !response.getSection(Section.ANSWER).isEmpty()
                    ? response.getSection(Section.ANSWER)
                            .get(response.getSection(Section.ANSWER).size() - 1)
                            .rdataToString()
                    : Rcode.string(response.getRcode());
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static double reloads(String file, String result) {
        String metrics = given().get("/q/metrics").asString();
        String prefix = "geodns_reloads_total{file=\"" + file + "\",result=\"" + result + "\"} ";
        return metrics.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst()
                .orElse(0);
    }

    @Test
    void newZoneIsServedWithoutADroppedQuery() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        byte[] probe = query("static.geotier.test.", Type.A, null, 0).toWire();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                try {
                    (udpRoundTripOrNull(probe) != null ? answered : unanswered).incrementAndGet();
                } catch (IOException e) {
                    unanswered.incrementAndGet();
                }
            }
        });
        try {
            replace(GeodnsTestWorld.zoneFile, (GeodnsTestWorld.ZONE + "fresh A 127.0.30.1\n").getBytes());
            await(
                    "the new record",
                    () -> address("fresh.geotier.test.", null, 0).equals("127.0.30.1"));
        } finally {
            running.set(false);
            load.get();
            replace(GeodnsTestWorld.zoneFile, GeodnsTestWorld.ZONE.getBytes());
        }
        await("the old zone back", () -> address("fresh.geotier.test.", null, 0).equals("NXDOMAIN"));
        assertTrue(answered.get() > 50, "queries were sent throughout: " + answered.get());
        assertEquals(0, unanswered.get(), "every query across the reload was answered");
    }

    @Test
    void brokenZoneIsRejectedAndTheOldOneStaysInService() throws Exception {
        double rejectedBefore = reloads("zone", "rejected");
        try {
            Files.writeString(
                    GeodnsTestWorld.zoneFile, GeodnsTestWorld.ZONE + "loop1 CNAME loop2\nloop2 CNAME loop1\n");
            await("the rejection", () -> reloads("zone", "rejected") > rejectedBefore);
            assertEquals("127.0.20.1", address("static.geotier.test.", null, 0));
            assertEquals("NXDOMAIN", address("loop1.geotier.test.", null, 0), "nothing of the broken zone is served");
        } finally {
            replace(GeodnsTestWorld.zoneFile, GeodnsTestWorld.ZONE.getBytes());
        }
    }

    @Test
    void newGeoIpDatabaseMovesClients() throws Exception {
        assertEquals("127.0.2.1", address("cdn.geotier.test.", "216.160.83.56", 29), "Milton WA: us-east");
        Path next = GeodnsTestWorld.cityDatabase()
                .city("216.160.83.56/29", 51.5, -0.12, "London", "GB")
                .write(GeodnsTestWorld.geoipFile.resolveSibling("next.mmdb"));
        try {
            replace(GeodnsTestWorld.geoipFile, Files.readAllBytes(next));
            await(
                    "Milton placed in London",
                    () -> address("cdn.geotier.test.", "216.160.83.56", 29).equals("127.0.1.1"));
            replace(GeodnsTestWorld.geoipFile, "not a database".getBytes());
            await("the rejection", () -> reloads("geoip", "rejected") > 0);
            assertEquals("127.0.1.1", address("cdn.geotier.test.", "216.160.83.56", 29), "the last good database");
        } finally {
            Path original = GeodnsTestWorld.cityDatabase().write(GeodnsTestWorld.geoipFile.resolveSibling("orig.mmdb"));
            replace(GeodnsTestWorld.geoipFile, Files.readAllBytes(original));
        }
        await(
                "Milton back in us-east",
                () -> address("cdn.geotier.test.", "216.160.83.56", 29).equals("127.0.2.1"));
    }

    @Test
    void newCoverageZonesPinClients() throws Exception {
        assertEquals("127.0.1.1", address("cdn.geotier.test.", "81.2.69.0", 24));
        try {
            replace(GeodnsTestWorld.coverageFile, (GeodnsTestWorld.COVERAGE + "81.2.69.0/24 us-east\n").getBytes());
            await(
                    "London pinned to us-east",
                    () -> address("cdn.geotier.test.", "81.2.69.0", 24).equals("127.0.2.1"));
        } finally {
            replace(GeodnsTestWorld.coverageFile, GeodnsTestWorld.COVERAGE.getBytes());
        }
        await("London back", () -> address("cdn.geotier.test.", "81.2.69.0", 24).equals("127.0.1.1"));
    }
}
