package io.geotier.geodns.server;

import com.sun.net.httpserver.HttpServer;
import io.geotier.geodns.geo.MmdbWriter;
import io.geotier.harness.net.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The world geodns is tested in: a GeoIP City database built by the test, a coverage-zone file,
 * and a readiness endpoint per node whose answer a test can flip between 200 and 503.
 */
public class GeodnsTestWorld implements QuarkusTestResourceLifecycleManager {

    static final Map<String, Boolean> READY = new ConcurrentHashMap<>();
    static int dnsPort;
    static final String ADMIN_TOKEN = "test-admin-token";
    static Path zoneFile;
    static Path coverageFile;
    static Path geoipFile;
    static final String COVERAGE = "127.0.2.0/24 us-east\n";

    /** The cities the tests place clients in. */
    static MmdbWriter cityDatabase() {
        return new MmdbWriter()
                .city("81.2.69.0/24", 51.5142, -0.0931, "London", "GB")
                .city("175.16.199.0/24", 43.88, 125.3228, "Changchun", "CN")
                .city("216.160.83.56/29", 47.2513, -122.3149, "Milton", "US")
                .city("2001:db8:1::/48", 50.11, 8.68, "Frankfurt", "DE");
    }

    /** Static records beside the steered name: aliases in and out of the zone, and an answer too big for UDP. */
    static final String ZONE = """
            $ORIGIN geotier.test.
            $TTL 3600
            @       SOA   ns1 hostmaster 1 3600 600 604800 60
            @       NS    ns1
            ns1     A     127.0.0.1
            static  A     127.0.20.1
            static  AAAA  ::1
            www     CNAME cdn
            chain   CNAME www
            away    CNAME www.example.net.
            dangling CNAME gone
            big     TXT   "%1$s" "%1$s" "%1$s" "%1$s"
            big     TXT   "%2$s" "%2$s" "%2$s" "%2$s"
            """.formatted("a".repeat(200), "b".repeat(200));

    private HttpServer health;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = TempDirs.deletedAtExit("geodns-test");
            Path db = cityDatabase().write(dir.resolve("city.mmdb"));
            geoipFile = db;
            Path coverage = Files.writeString(dir.resolve("coverage.txt"), COVERAGE);
            coverageFile = coverage;
            zoneFile = Files.writeString(dir.resolve("geotier.test.zone"), ZONE);
            health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            health.createContext("/", exchange -> {
                String node = exchange.getRequestURI().getPath().substring(1);
                exchange.sendResponseHeaders(READY.getOrDefault(node, false) ? 200 : 503, -1);
                exchange.close();
            });
            health.start();
            READY.put("eu-west-1", true);
            READY.put("us-east-1", true);
            READY.put("ap-southeast-1", false);
            dnsPort = FreePorts.tcp();

            Map<String, String> config = new HashMap<>();
            config.put("geodns.dns.port", Integer.toString(dnsPort));
            config.put("geodns.steering.geoip-database", db.toString());
            config.put("geodns.zone.file", zoneFile.toString());
            config.put("geodns.steering.coverage-zones", coverage.toString());
            config.put("geodns.steering.default-region", "eu-west");
            config.put("geodns.health.interval", "100ms");
            config.put("geodns.dns.tcp-idle-timeout", "1s");
            // Tests query from 127.0.0.1, left unlimited; BadInputTest floods from 127.0.0.3.
            config.put("geodns.rrl.bytes-per-second", "2000");
            config.put("geodns.rrl.exempt", "127.0.0.1/32");
            config.put("geodns.steering.fallback", "origin.example.com");
            config.put("geodns.admin.token", ADMIN_TOKEN);
            config.put("geodns.health.timeout", "500ms");
            node(config, "eu-west-1", "eu-west", "127.0.1.1", 51.5072, -0.1276);
            node(config, "us-east-1", "us-east", "127.0.2.1", 39.0438, -77.4874);
            node(config, "ap-southeast-1", "ap-southeast", "127.0.3.1", 1.3521, 103.8198);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void node(Map<String, String> config, String name, String region, String address, double lat, double lon) {
        String prefix = "geodns.nodes." + name + ".";
        config.put(prefix + "region", region);
        config.put(prefix + "address", address);
        config.put(prefix + "latitude", Double.toString(lat));
        config.put(prefix + "longitude", Double.toString(lon));
        config.put(
                prefix + "health-url", "http://127.0.0.1:" + health.getAddress().getPort() + "/" + name);
    }

    @Override
    public void stop() {
        if (health != null) {
            health.stop(0);
        }
    }
}
