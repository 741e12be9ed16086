package io.geotier.geodns.registry;

import com.sun.net.httpserver.HttpServer;
import io.geotier.harness.net.FreePorts;
import io.geotier.registry.NodeEntry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * geodns restarted while its Infinispan site is away: the registry's address answers nothing,
 * and all geodns has is the view it saved before. Of the two nodes in it, one is still there
 * (ready) and one is gone (nothing listens on its address).
 */
public class SavedViewWorld implements QuarkusTestResourceLifecycleManager {

    static final String STILL_THERE = "127.0.47.1";
    static final String GONE = "127.0.48.1";
    static int dnsPort;
    static Path viewFile;

    private HttpServer standIn;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("geodns-saved-view");
            standIn = HttpServer.create(new InetSocketAddress(InetAddress.getByName(STILL_THERE), 0), 16);
            standIn.createContext("/q/health/ready", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            standIn.start();
            int gonePort = FreePorts.tcp();
            viewFile = dir.resolve("registry-view.json");
            new LastView(viewFile)
                    .save(new RegistryFollower.View(
                            Map.of(
                                    "north-0",
                                            entry(
                                                    "north-0",
                                                    STILL_THERE,
                                                    standIn.getAddress().getPort()),
                                    "north-1", entry("north-1", GONE, gonePort)),
                            Set.of()));
            Path zone = Files.writeString(dir.resolve("zone"), RegistryWorld.ZONE);
            Path coverage = Files.writeString(dir.resolve("coverage"), "10.1.0.0/16 north\n");
            dnsPort = FreePorts.tcp();
            Map<String, String> config = new HashMap<>();
            config.put("geodns.dns.port", Integer.toString(dnsPort));
            config.put("geodns.dns.startup-wait", "3s");
            config.put("geodns.zone.file", zone.toString());
            config.put("geodns.steering.coverage-zones", coverage.toString());
            config.put("geodns.health.timeout", "300ms");
            config.put("geodns.admin.token", "saved-view-admin-token");
            config.put("geodns.rrl.exempt", "127.0.0.0/8");
            config.put("geodns.registry.enabled", "true");
            config.put("geodns.registry.last-view", viewFile.toString());
            // A Hot Rod port nothing answers on: the site is away for the whole test.
            config.put("quarkus.infinispan-client.hosts", "127.0.0.1:" + FreePorts.tcp());
            config.put("quarkus.infinispan-client.username", "nobody");
            config.put("quarkus.infinispan-client.password", "nothing");
            return config;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    private static NodeEntry entry(String name, String host, int port) {
        return new NodeEntry(name, "north", List.of(host + ":" + port), 60, 10, 1_000_000_000L, 0, -1, "active", 0L);
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.stop(0);
        }
    }
}
