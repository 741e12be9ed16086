package io.geotier.node.sim;

import io.geotier.harness.infinispan.InfinispanServerOptions;
import io.geotier.harness.infinispan.InfinispanSites;
import io.geotier.harness.infinispan.ServerUser;
import io.geotier.harness.net.FreePorts;
import io.geotier.registry.NodeEntry;
import io.geotier.registry.RegistryCaches;
import io.geotier.registry.RegistrySchemaImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.infinispan.client.hotrod.event.ClientCacheEntryCreatedEvent;

/**
 * The cluster's costs as it grows, against three real Infinispan Server sites joined by
 * cross-site replication: N simulated nodes (regions of 10 nodes, each region talking to one of
 * the sites) heartbeat into the registry and each subscribe to the purge log, as nodes do. For
 * each N it reports the heartbeat write rate and the servers' CPU, how long a registry change
 * takes to reach a geodns-like follower on another site, and how long a purge takes to reach all
 * N subscribers.
 *
 * usage: ScaleSimulation WORK_DIR N [N ...]   (bench/scale/run passes 30 150 500)
 */
public final class ScaleSimulation {

    private static final int NODES_PER_REGION = 10;
    private static final long HEARTBEAT_MS = 2000;
    private static final long LIFESPAN_MS = 10_000;

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        Map<String, InfinispanSites.SitePorts> ports = new LinkedHashMap<>();
        for (String site : List.of("site-a", "site-b", "site-c")) {
            ports.put(site, InfinispanSites.SitePorts.free(FreePorts::tcp));
        }
        try (InfinispanSites sites =
                InfinispanSites.start(InfinispanSites.plan(work, ports, InfinispanServerOptions.defaultUsers()))) {
            List<RemoteCacheManager> clients = new ArrayList<>();
            for (String site : sites.names()) {
                clients.add(client(sites, site));
            }
            System.out.println(
                    "| nodes | heartbeats/s | server CPU, % of a core (3 sites) | registry change seen on another"
                            + " site p50 / p99 ms | purge at all nodes p50 / p99 / max ms |");
            System.out.println("|---|---|---|---|---|");
            for (int i = 1; i < args.length; i++) {
                System.out.println(row(Integer.parseInt(args[i]), sites, clients));
            }
            clients.forEach(RemoteCacheManager::close);
        }
    }

    private static String row(int n, InfinispanSites sites, List<RemoteCacheManager> clients) throws Exception {
        ScheduledExecutorService beats = Executors.newScheduledThreadPool(2);
        List<RemoteCache<String, NodeEntry>> registries = new ArrayList<>();
        List<RemoteCache<String, Long>> purgeLogs = new ArrayList<>();
        for (RemoteCacheManager c : clients) {
            registries.add(c.getCache(RegistryCaches.NODES));
            purgeLogs.add(c.getCache("geotier-purges"));
        }
        // Every node heartbeats into its region's site and listens to its site's purge log.
        Map<String, CountDownLatch> purgeSeen = new ConcurrentHashMap<>();
        List<Object> listeners = new ArrayList<>();
        for (int node = 0; node < n; node++) {
            int site = (node / NODES_PER_REGION) % clients.size();
            String name = "sim-r" + node / NODES_PER_REGION + "-n" + node % NODES_PER_REGION;
            RemoteCache<String, NodeEntry> registry = registries.get(site);
            beats.scheduleAtFixedRate(
                    () -> registry.putAsync(name, entry(name), LIFESPAN_MS, TimeUnit.MILLISECONDS),
                    node * HEARTBEAT_MS / n,
                    HEARTBEAT_MS,
                    TimeUnit.MILLISECONDS);
            Object listener = new PurgeSubscriber(purgeSeen);
            purgeLogs.get(site).addClientListener(listener);
            listeners.add(listener);
        }
        Thread.sleep(3 * HEARTBEAT_MS); // settle: every node has beaten, every listener is in place
        double cpu = serverCpu(sites, 10_000);

        // A geodns-like follower on site b, a node joining on site a: time to the event, 40 times.
        RegistryWatcher watcher = new RegistryWatcher();
        registries.get(1).addClientListener(watcher);
        long[] registryMs = new long[40];
        for (int i = 0; i < registryMs.length; i++) {
            String name = "joiner-" + n + "-" + i;
            CountDownLatch seen = watcher.expect(name);
            long start = System.nanoTime();
            registries.get(0).put(name, entry(name), LIFESPAN_MS, TimeUnit.MILLISECONDS);
            seen.await(10, TimeUnit.SECONDS);
            registryMs[i] = (System.nanoTime() - start) / 1000;
            Thread.sleep(25);
        }
        registries.get(1).removeClientListener(watcher);

        // A purge written on site a; the time until every one of the n subscribers has it, 20 times.
        long[] purgeMs = new long[20];
        for (int i = 0; i < purgeMs.length; i++) {
            String key = "sim-purge-" + n + "-" + i;
            CountDownLatch all = new CountDownLatch(n);
            purgeSeen.put(key, all);
            long start = System.nanoTime();
            purgeLogs.get(0).put(key, System.currentTimeMillis(), 10, TimeUnit.MINUTES);
            all.await(30, TimeUnit.SECONDS);
            purgeMs[i] = (System.nanoTime() - start) / 1000;
            Thread.sleep(100);
        }
        beats.shutdownNow();
        for (int node = 0; node < n; node++) {
            purgeLogs.get((node / NODES_PER_REGION) % clients.size()).removeClientListener(listeners.get(node));
        }
        registries.get(0).clear();
        return String.format(
                "| %d | %.0f | %.0f | %s | %s |",
                n,
                n * 1000.0 / HEARTBEAT_MS,
                cpu,
                p(registryMs, 50) + " / " + p(registryMs, 99),
                p(purgeMs, 50) + " / " + p(purgeMs, 99) + " / " + p(purgeMs, 100));
    }

    private static NodeEntry entry(String name) {
        return new NodeEntry(
                name,
                name.substring(0, name.indexOf("-n") > 0 ? name.indexOf("-n") : name.length()),
                List.of("10.0.0.1:8080"),
                10,
                10,
                1_000_000_000L,
                123_456_789L,
                -1,
                "active",
                System.currentTimeMillis());
    }

    private static String p(long[] micros, int percentile) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return String.format("%.1f", sorted[Math.max(0, i)] / 1000.0);
    }

    /** CPU the three server JVMs used over {@code millis}, in percent of one core. */
    private static double serverCpu(InfinispanSites sites, long millis) throws Exception {
        long before = 0;
        long after = 0;
        for (String s : sites.names()) {
            before += cpuTicks(sites.site(s).pid());
        }
        Thread.sleep(millis);
        for (String s : sites.names()) {
            after += cpuTicks(sites.site(s).pid());
        }
        return (after - before) / 100.0 / (millis / 1000.0) * 100; // 100 ticks per second
    }

    private static long cpuTicks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat"))
                .split("\\) ", 2)[1]
                .split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static RemoteCacheManager client(InfinispanSites sites, String site) {
        ServerUser user = sites.options(site).user(InfinispanServerOptions.NODE_USER);
        ConfigurationBuilder b = new ConfigurationBuilder();
        b.addServer().host("127.0.0.1").port(sites.site(site).port());
        b.security()
                .authentication()
                .saslMechanism("SCRAM-SHA-512")
                .username(user.name())
                .password(user.password())
                .realm("default")
                .serverName("infinispan");
        b.addContextInitializer(new RegistrySchemaImpl());
        return new RemoteCacheManager(b.build());
    }

    /** One simulated node's purge listener, as the node's PurgeLog registers it. */
    @ClientListener
    public static final class PurgeSubscriber {
        private final Map<String, CountDownLatch> seen;

        PurgeSubscriber(Map<String, CountDownLatch> seen) {
            this.seen = seen;
        }

        @ClientCacheEntryCreated
        public void created(ClientCacheEntryCreatedEvent<String> e) {
            CountDownLatch latch = seen.get(e.getKey());
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** What geodns's registry follower sees: a created event per joining node. */
    @ClientListener
    public static final class RegistryWatcher {
        private final Map<String, CountDownLatch> expected = new ConcurrentHashMap<>();

        CountDownLatch expect(String name) {
            return expected.computeIfAbsent(name, k -> new CountDownLatch(1));
        }

        @ClientCacheEntryCreated
        public void created(ClientCacheEntryCreatedEvent<String> e) {
            CountDownLatch latch = expected.get(e.getKey());
            if (latch != null) {
                latch.countDown();
            }
        }
    }
}
