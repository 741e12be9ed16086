package io.geotier.geodns.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageZonesTest {

    @TempDir
    Path dir;

    @Test
    void longestMatchingPrefixWinsForIpv4AndIpv6() throws IOException {
        Path file = Files.writeString(dir.resolve("cz.txt"), """
                # operator pins
                10.0.0.0/8      us-east
                10.1.0.0/16     eu-west   # a European office inside the US block
                10.1.2.3        ap-southeast
                2001:db8::/32   eu-west
                """);
        CoverageZones zones = CoverageZones.load(file);
        assertEquals(
                "us-east",
                zones.lookup(InetAddress.getByName("10.9.9.9")).orElseThrow().region());
        assertEquals(
                "eu-west",
                zones.lookup(InetAddress.getByName("10.1.9.9")).orElseThrow().region());
        assertEquals(
                16,
                zones.lookup(InetAddress.getByName("10.1.9.9"))
                        .orElseThrow()
                        .network()
                        .prefix());
        assertEquals(
                "ap-southeast",
                zones.lookup(InetAddress.getByName("10.1.2.3")).orElseThrow().region());
        assertEquals(
                "eu-west",
                zones.lookup(InetAddress.getByName("2001:db8:5::1"))
                        .orElseThrow()
                        .region());
        assertTrue(zones.lookup(InetAddress.getByName("11.0.0.1")).isEmpty());
        assertTrue(zones.lookup(InetAddress.getByName("2001:db9::1")).isEmpty());
    }

    @Test
    void malformedLinesRejectTheFileNamingTheLine() throws IOException {
        for (String bad :
                new String[] {"10.0.0.0/33 eu", "10.0.0.0/8", "not-an-ip/8 eu", "10.0.0.0/8 eu extra", "example.com eu"
                }) {
            Path file = Files.writeString(dir.resolve("bad.txt"), "# header\n" + bad + "\n");
            IOException e = assertThrows(IOException.class, () -> CoverageZones.load(file), bad);
            assertTrue(e.getMessage().contains("bad.txt:2"), e.getMessage());
        }
    }

    @Test
    void hostBitsAreClearedSoANetworkMatchesItsWholeRange() {
        Cidr cidr = Cidr.parse("192.0.2.77/24");
        assertEquals("192.0.2.0/24", cidr.toString());
    }

    @Test
    void agreesWithAScanOfEveryNetworkOnRandomNetworksAndClients() throws Exception {
        // The reference: the most specific containing network, the first line among equals.
        Random random = new Random(42);
        List<CoverageZones.Zone> listed = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] address = new byte[random.nextInt(4) == 0 ? 16 : 4];
            random.nextBytes(address);
            address[0] = (byte) (address[0] & 0x03); // crowd them, so networks nest and overlap
            int prefix = random.nextInt(address.length * 8 + 1);
            listed.add(new CoverageZones.Zone(new Cidr(InetAddress.getByAddress(address), prefix), "r" + i));
        }
        CoverageZones zones = new CoverageZones(listed);
        for (int i = 0; i < 5_000; i++) {
            byte[] client = new byte[i % 4 == 0 ? 16 : 4];
            random.nextBytes(client);
            client[0] = (byte) (client[0] & 0x03);
            InetAddress address = InetAddress.getByAddress(client);
            CoverageZones.Zone expected = null;
            for (CoverageZones.Zone zone : listed) {
                if (zone.network().contains(address)
                        && (expected == null
                                || zone.network().prefix() > expected.network().prefix())) {
                    expected = zone;
                }
            }
            assertEquals(Optional.ofNullable(expected), zones.lookup(address), address.getHostAddress());
        }
    }
}
