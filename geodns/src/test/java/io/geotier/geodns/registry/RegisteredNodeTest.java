package io.geotier.geodns.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.registry.NodeEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a registered node's readiness is probed: over HTTPS only when asked and the node serves it. */
class RegisteredNodeTest {

    private static NodeEntry entry(int httpsPort) {
        return new NodeEntry("n", "r", List.of("127.0.0.7:8080", "[::1]:8080"), 0, 0, 1, 0, -1, "active", 0, httpsPort);
    }

    @Test
    void probesOverHttpsOnTheAdvertisedPortWhenAsked() {
        assertEquals(
                "https://127.0.0.7:8443/q/health/ready",
                RegisteredNode.of(entry(8443), "/q/health/ready", true)
                        .orElseThrow()
                        .healthUrl()
                        .toString());
    }

    @Test
    void probesOverHttpWhenNotAskedOrTheNodeServesNoHttps() {
        assertEquals(
                "http://127.0.0.7:8080/q/health/ready",
                RegisteredNode.of(entry(8443), "/q/health/ready", false)
                        .orElseThrow()
                        .healthUrl()
                        .toString());
        assertEquals(
                "http://127.0.0.7:8080/q/health/ready",
                RegisteredNode.of(entry(0), "/q/health/ready", true)
                        .orElseThrow()
                        .healthUrl()
                        .toString());
    }
}
