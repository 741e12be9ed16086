package io.geotier.geodns.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.steer.Node;
import io.geotier.harness.origin.DemoOrigin;
import io.geotier.harness.tls.SelfSignedTls;
import io.geotier.registry.NodeTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness probed over HTTPS, as geodns does with geodns.registry.tls-name: a node whose
 * certificate names the service and chains to the trust given is up, though it was dialled by
 * address; one whose certificate names something else, or that nothing trusted signed, is down.
 * Real TLS on loopback, certificates made by openssl.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsProbeTest {

    @TempDir
    Path dir;

    @Test
    void aNodeIsUpOnlyWhenItsCertificateNamesTheServiceAndIsTrusted() throws Exception {
        SelfSignedTls service = SelfSignedTls.make(dir.resolve("service"), "cdn.geotier.test");
        SelfSignedTls stranger = SelfSignedTls.make(dir.resolve("stranger"), "cdn.geotier.test");
        Files.createDirectories(dir.resolve("www/q/health"));
        Files.writeString(dir.resolve("www/q/health/ready"), "{\"status\":\"UP\"}");
        try (DemoOrigin node = DemoOrigin.startHttps(dir.resolve("www"), "127.0.0.1", 0, service.serverContext())) {
            URI health = URI.create(node.baseUri() + "/q/health/ready");
            assertEquals("https", health.getScheme());
            assertTrue(
                    probe(health, NodeTls.context("cdn.geotier.test", Optional.of(service.cert()))),
                    "trusted, and names the service");
            assertTrue(
                    !probe(health, NodeTls.context("other.geotier.test", Optional.of(service.cert()))),
                    "names another service");
            assertTrue(
                    !probe(health, NodeTls.context("cdn.geotier.test", Optional.of(stranger.cert()))),
                    "signed by nothing trusted");
            assertTrue(!probe(health, null), "the JDK's default: the address is not in the certificate");
        }
    }

    /** Whether the prober finds the node up within a few probes. */
    private static boolean probe(URI health, javax.net.ssl.SSLContext tls) throws InterruptedException {
        Node node = new Node("n", "r", Cidr.parse("127.0.0.1").network(), 0, 0, health, 1);
        try (HealthProber prober = new HealthProber(
                List.of(node), Duration.ofMillis(100), Duration.ofSeconds(2), new Thresholds(1, 1), tls)) {
            prober.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                NodeState state = prober.state("n").orElseThrow();
                if (state.probed() && state.up()) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }
    }
}
