package io.geotier.geodns.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpLocatorTest {

    @TempDir
    Path dir;

    @Test
    void locatesIpv4AndIpv6NetworksWithTheirPrefix() throws IOException {
        Path db = new MmdbWriter()
                .city("81.2.69.0/24", 51.5142, -0.0931, "London", "GB")
                .city("175.16.199.0/24", 43.88, 125.3228, "Changchun", "CN")
                .city("2001:db8:1::/48", 50.11, 8.68, "Frankfurt", "DE")
                .write(dir.resolve("city.mmdb"));
        try (GeoIpLocator geo = new GeoIpLocator(db)) {
            GeoIpLocator.Point london =
                    geo.locate(InetAddress.getByName("81.2.69.142")).orElseThrow();
            assertEquals(51.5142, london.latitude(), 1e-9);
            assertEquals(-0.0931, london.longitude(), 1e-9);
            assertEquals(24, london.networkPrefix());
            assertEquals(
                    125.3228,
                    geo.locate(InetAddress.getByName("175.16.199.7"))
                            .orElseThrow()
                            .longitude(),
                    1e-9);
            GeoIpLocator.Point frankfurt =
                    geo.locate(InetAddress.getByName("2001:db8:1::5")).orElseThrow();
            assertEquals(50.11, frankfurt.latitude(), 1e-9);
            assertEquals(48, frankfurt.networkPrefix());
        }
    }

    @Test
    void aDatabaseOverwrittenInPlaceUnderItsReaderKeepsAnswering() throws IOException {
        Path db = new MmdbWriter()
                .city("81.2.69.0/24", 51.5142, -0.0931, "London", "GB")
                .city("175.16.199.0/24", 43.88, 125.3228, "Changchun", "CN")
                .write(dir.resolve("city.mmdb"));
        byte[] original = java.nio.file.Files.readAllBytes(db);
        try (GeoIpLocator geo = new GeoIpLocator(db)) {
            // What `cp other.mmdb city.mmdb` does: truncate, then write. Caught between the two.
            try (java.nio.channels.FileChannel file =
                    java.nio.channels.FileChannel.open(db, java.nio.file.StandardOpenOption.WRITE)) {
                file.truncate(0);
            }
            assertEquals(
                    51.5142,
                    geo.locate(InetAddress.getByName("81.2.69.1")).orElseThrow().latitude(),
                    1e-9);
            assertEquals(
                    43.88,
                    geo.locate(InetAddress.getByName("175.16.199.9"))
                            .orElseThrow()
                            .latitude(),
                    1e-9);
            java.nio.file.Files.write(db, new byte[original.length / 2], java.nio.file.StandardOpenOption.WRITE);
            assertEquals(
                    51.5142,
                    geo.locate(InetAddress.getByName("81.2.69.1")).orElseThrow().latitude(),
                    1e-9);
        }
        assertThrows(IOException.class, () -> new GeoIpLocator(db), "a half-written file is refused, not served");
    }

    @Test
    void unknownAddressesAndRecordsWithoutCoordinatesAreNotLocated() throws IOException {
        Path db = new MmdbWriter()
                .city("81.2.69.0/24", 51.5142, -0.0931, "London", "GB")
                .countryOnly("192.0.2.0/24", "US")
                .write(dir.resolve("city.mmdb"));
        try (GeoIpLocator geo = new GeoIpLocator(db)) {
            assertTrue(geo.locate(InetAddress.getByName("198.51.100.1")).isEmpty());
            assertTrue(geo.locate(InetAddress.getByName("192.0.2.1")).isEmpty());
            assertTrue(geo.locate(InetAddress.getByName("2001:db8:99::1")).isEmpty());
        }
    }

    @Test
    void recordWithoutCoordinatesIsPlacedAtItsContinentsCentre() throws IOException {
        Path db = new MmdbWriter()
                .continentOnly("203.0.113.0/24", "DE", "EU")
                .continentOnly("198.18.0.0/15", "US", "NA")
                .write(dir.resolve("city.mmdb"));
        try (GeoIpLocator geo = new GeoIpLocator(db)) {
            GeoIpLocator.Point europe =
                    geo.locate(InetAddress.getByName("203.0.113.9")).orElseThrow();
            assertEquals(54.5, europe.latitude(), 1e-9);
            assertEquals(24, europe.networkPrefix());
            GeoIpLocator.Point america =
                    geo.locate(InetAddress.getByName("198.19.0.1")).orElseThrow();
            assertEquals(-100.0, america.longitude(), 1e-9);
            assertEquals(15, america.networkPrefix());
        }
    }

    @Test
    void aDatabaseThatIsNotACityDatabaseIsRejected() throws IOException {
        Path db = new MmdbWriter()
                .databaseType("GeoIP2-ISP")
                .city("81.2.69.0/24", 1, 1, "x", "GB")
                .write(dir.resolve("isp.mmdb"));
        IOException e = assertThrows(IOException.class, () -> new GeoIpLocator(db));
        assertTrue(e.getMessage().contains("City"), e.getMessage());
    }
}
