package io.geotier.geodns.registry;

import com.sun.net.httpserver.HttpServer;
import io.geotier.harness.infinispan.InfinispanServer;
import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.infinispan.ServerUser;
import io.geotier.harness.net.FreePorts;
import io.geotier.registry.RegistrySchemaImpl;
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
import java.util.concurrent.ConcurrentHashMap;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;

/**
 * geodns with no node configured, following the registry of a real Infinispan Server; nodes are
 * stood in for by readiness endpoints on their own loopback addresses, whose answer a test flips.
 */
public class RegistryWorld implements QuarkusTestResourceLifecycleManager {

    /** The zone both registry worlds serve: just the apex; the steered name comes from the registry. */
    static final String ZONE = """
            $ORIGIN geotier.test.
            $TTL 3600
            @       SOA   ns1 hostmaster 1 3600 600 604800 60
            @       NS    ns1
            ns1     A     127.0.0.1
            """;

    static final String ADMIN_TOKEN = "registry-admin-token";
    /** Readiness by node address (host). */
    static final Map<String, Boolean> READY = new ConcurrentHashMap<>();
    /** The readiness port of each stand-in, by host. */
    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

    static final List<String> HOSTS = List.of("127.0.41.1", "127.0.42.1", "127.0.43.1", "127.0.44.1");
    static int dnsPort;
    /** The test's own Hot Rod client to the registry (as a node would write it). */
    static RemoteCacheManager cluster;

    private InfinispanServer infinispan;
    private final List<HttpServer> standIns = new java.util.ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("geodns-registry");
            infinispan = InfinispanServer.start(
                    InfinispanServerOptions.standalone(dir.resolve("infinispan"), FreePorts.tcp(), FreePorts.tcp()));
            for (String host : HOSTS) {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 16);
                server.createContext("/q/health/ready", exchange -> {
                    exchange.sendResponseHeaders(READY.getOrDefault(host, false) ? 200 : 503, -1);
                    exchange.close();
                });
                server.start();
                standIns.add(server);
                PORTS.put(host, server.getAddress().getPort());
            }
            Path zone = Files.writeString(dir.resolve("zone"), RegistryWorld.ZONE);
            Path coverage = Files.writeString(dir.resolve("coverage"), "10.1.0.0/16 north\n10.2.0.0/16 south\n");
            dnsPort = FreePorts.tcp();
            ServerUser user = infinispan.options().user(InfinispanServerOptions.NODE_USER);
            ConfigurationBuilder client = new ConfigurationBuilder();
            client.addServer().host("127.0.0.1").port(infinispan.port());
            client.security()
                    .authentication()
                    .saslMechanism("SCRAM-SHA-512")
                    .username(user.name())
                    .password(user.password())
                    .realm("default")
                    .serverName("infinispan");
            client.addContextInitializer(new RegistrySchemaImpl());
            cluster = new RemoteCacheManager(client.build());
            Map<String, String> config = new HashMap<>();
            config.put("geodns.dns.port", Integer.toString(dnsPort));
            config.put("geodns.zone.file", zone.toString());
            config.put("geodns.steering.coverage-zones", coverage.toString());
            config.put("geodns.health.interval", "400ms");
            config.put("geodns.health.timeout", "300ms");
            config.put("geodns.admin.token", ADMIN_TOKEN);
            config.put("geodns.rrl.exempt", "127.0.0.0/8");
            config.put("geodns.registry.enabled", "true");
            config.put("geodns.registry.resync", "5s");
            config.put("quarkus.infinispan-client.hosts", infinispan.hotRodAddress());
            config.put("quarkus.infinispan-client.username", user.name());
            config.put("quarkus.infinispan-client.password", user.password());
            return config;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
        standIns.forEach(s -> s.stop(0));
        if (infinispan != null) {
            infinispan.close();
        }
    }
}
