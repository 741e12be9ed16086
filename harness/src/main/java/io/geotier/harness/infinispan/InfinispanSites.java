package io.geotier.harness.infinispan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/**
 * Several real Infinispan Servers, one site each, joined by cross-site replication over a TLS
 * bridge: the regions of a cluster on one machine. Started together (in parallel: each takes 10 to
 * 17 s on two busy cores), stopped together; one site can be killed and started again, as an
 * outage of one region would.
 */
public final class InfinispanSites implements AutoCloseable {

    private final Map<String, InfinispanServerOptions> options;
    private final Map<String, InfinispanServer> running = new LinkedHashMap<>();

    private InfinispanSites(Map<String, InfinispanServerOptions> options) {
        this.options = options;
    }

    /** The three ports one site's server takes on loopback. */
    public record SitePorts(int hotRod, int jgroups, int bridge) {

        /** Free ports, for tests. */
        public static SitePorts free(IntSupplier ports) {
            return new SitePorts(ports.getAsInt(), ports.getAsInt(), ports.getAsInt());
        }
    }

    /**
     * Options for each site under {@code root/<site>}, with the bridge key made (or kept) under
     * {@code root/bridge}; every site has the same users.
     */
    public static Map<String, InfinispanServerOptions> plan(
            Path root, Map<String, SitePorts> sites, List<ServerUser> users) throws IOException {
        BridgeKeystore.CrossSiteKey key = BridgeKeystore.ensure(root.resolve("bridge"));
        Map<String, Integer> bridgePorts = new LinkedHashMap<>();
        sites.forEach((site, ports) -> bridgePorts.put(site, ports.bridge()));
        Map<String, InfinispanServerOptions> plan = new LinkedHashMap<>();
        sites.forEach((site, ports) -> plan.put(
                site,
                InfinispanServerOptions.standalone(root.resolve(site), ports.hotRod(), ports.jgroups())
                        .withUsers(users)
                        .withCrossSite(new CrossSite(site, bridgePorts, key.keystore(), key.password()))));
        return plan;
    }

    /** Starts every planned site at once and returns when all are healthy (stopping all if one fails). */
    public static InfinispanSites start(Map<String, InfinispanServerOptions> plan) throws IOException {
        InfinispanSites sites = new InfinispanSites(new LinkedHashMap<>(plan));
        try {
            sites.startAll(List.copyOf(plan.keySet()));
        } catch (IOException | RuntimeException e) {
            sites.close();
            throw e;
        }
        return sites;
    }

    public InfinispanServer site(String name) {
        InfinispanServer server = running.get(name);
        if (server == null) {
            throw new IllegalArgumentException("site " + name + " is not running");
        }
        return server;
    }

    public InfinispanServerOptions options(String name) {
        return options.get(name);
    }

    public List<String> names() {
        return List.copyOf(options.keySet());
    }

    /** Stops one site (as an outage would); the others keep running and queue what it misses. */
    public synchronized void stop(String name) {
        InfinispanServer server = running.remove(name);
        if (server != null) {
            server.close();
        }
    }

    /** Starts a stopped site again on the same ports, data and users. */
    public synchronized void restart(String name) throws IOException {
        stop(name);
        running.put(name, InfinispanServer.start(options.get(name)));
    }

    private void startAll(List<String> names) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<InfinispanServer>> starts = new ArrayList<>();
            for (String name : names) {
                starts.add(pool.submit(() -> InfinispanServer.start(options.get(name))));
            }
            IOException failure = null;
            for (int i = 0; i < names.size(); i++) {
                try {
                    running.put(names.get(i), starts.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    IOException io = cause instanceof IOException x ? x : new IOException(cause);
                    if (failure == null) {
                        failure = io;
                    } else {
                        failure.addSuppressed(io);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while starting sites", e));
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public synchronized void close() {
        running.values().forEach(InfinispanServer::close);
        running.clear();
    }
}
