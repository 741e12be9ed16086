package io.geotier.geodns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ZoneFactoryTest {

    private static final String HEAD = "$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 7200 1800 259200 60\n"
            + "@ NS ns1\nns1 A 127.0.0.1\n";

    @TempDir
    Path dir;

    private Zone load(String body) throws Exception {
        return ZoneFactory.fromFile(Files.writeString(dir.resolve("zone"), HEAD + body), "example.test.", "cache");
    }

    private void rejected(String body, String reason) throws Exception {
        Path file = Files.writeString(dir.resolve("bad"), body);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ZoneFactory.fromFile(file, "example.test.", "cache"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
    }

    @Test
    void thePeerRecipeZoneLoads() throws Exception {
        Zone zone = load("static A 127.0.20.1\n");
        assertEquals(Name.fromString("example.test."), zone.origin());
        assertEquals(60, zone.soa().getMinimum());
        assertEquals(
                "127.0.20.1",
                zone.records(Name.fromString("STATIC.example.test."), Type.A)
                        .get(0)
                        .rdataToString());
        assertTrue(zone.isSteered(Name.fromString("cache.example.test.")));
        assertTrue(zone.exists(Name.fromString("example.test.")));
    }

    @Test
    void brokenZonesAreRejectedWithTheirReason() throws Exception {
        rejected("$ORIGIN example.test.\n@ 300 NS ns1\n", "no SOA");
        rejected("$ORIGIN example.test.\n@ 300 SOA ns1 h 1 2 3 4 5\n", "no NS");
        rejected(HEAD + "cache A 127.0.0.9\n", "steered name");
        rejected(HEAD + "www CNAME cache\nwww A 127.0.0.9\n", "CNAME and other");
        rejected(HEAD + "a CNAME b\nb CNAME a\n", "CNAME loop");
        rejected(HEAD + "x.example.org. A 127.0.0.9\n", "outside zone");
        rejected(HEAD + "static A not-an-address\n", "zone file");
        rejected("$ORIGIN example.org.\n@ 300 SOA ns1 h 1 2 3 4 5\n@ 300 NS ns1\n", "apex");
    }
}
