package io.geotier.geodns.reload;

import io.geotier.geodns.GeodnsConfig;
import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.zone.ZoneFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps the served data in step with the zone file, the coverage-zone file and the GeoIP
 * database. A changed file is read and checked in full before it replaces anything; one that
 * does not load is rejected with its reason logged, and the data already in service stays. The
 * swap is a single reference write, so no query is dropped or answered from a mix. A replaced
 * GeoIP database is closed only after queries still using it have had time to finish.
 */
public final class Reloader implements Supplier<Served>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Reloader.class);
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(10);

    private enum Source {
        ZONE,
        COVERAGE,
        GEOIP
    }

    private final GeodnsConfig config;
    private final MeterRegistry registry;
    private final AtomicReference<Served> served;
    private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "geodns-retire");
        t.setDaemon(true);
        return t;
    });
    private FileWatcher watcher;

    /** Loads everything once; a file that does not load stops start-up. */
    public Reloader(GeodnsConfig config, MeterRegistry registry) throws IOException {
        this.config = config;
        this.registry = registry;
        Optional<Path> coverage = config.steering().coverageZones();
        Optional<Path> geoIp = config.steering().geoipDatabase();
        this.served = new AtomicReference<>(new Served(
                ZoneFactory.load(config.zone(), config.steering()),
                coverage.isPresent() ? CoverageZones.load(coverage.get()) : CoverageZones.EMPTY,
                geoIp.isPresent() ? new GeoIpLocator(geoIp.get()) : null));
    }

    @Override
    public Served get() {
        return served.get();
    }

    /** Starts watching the configured files. */
    public void watch() throws IOException {
        List<Path> files = new ArrayList<>();
        config.zone().file().ifPresent(files::add);
        config.steering().coverageZones().ifPresent(files::add);
        config.steering().geoipDatabase().ifPresent(files::add);
        if (!files.isEmpty()) {
            watcher = new FileWatcher(files, Duration.ofMillis(200), this::changed);
        }
    }

    private void changed(Path file) {
        if (config.zone().file().filter(file::equals).isPresent()) {
            reload(Source.ZONE, file);
        }
        if (config.steering().coverageZones().filter(file::equals).isPresent()) {
            reload(Source.COVERAGE, file);
        }
        if (config.steering().geoipDatabase().filter(file::equals).isPresent()) {
            reload(Source.GEOIP, file);
        }
    }

    private void reload(Source source, Path file) {
        Served old = served.get();
        try {
            Served next = switch (source) {
                case ZONE ->
                    new Served(ZoneFactory.load(config.zone(), config.steering()), old.coverage(), old.geoIp());
                case COVERAGE -> new Served(old.zone(), CoverageZones.load(file), old.geoIp());
                case GEOIP -> new Served(old.zone(), old.coverage(), new GeoIpLocator(file));
            };
            served.set(next);
            if (source == Source.GEOIP && old.geoIp() != null) {
                retirer.schedule(() -> closeQuietly(old.geoIp()), RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
            count(source, "ok");
            LOG.infof("reloaded %s", file);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            count(source, "rejected");
            LOG.errorf("rejected the new %s: %s; still serving the previous one", file, e.getMessage());
        }
    }

    private void count(Source source, String result) {
        Counter.builder("geodns.reloads")
                .description("Reloads of a changed file, by file and result")
                .tag("file", source.name().toLowerCase())
                .tag("result", result)
                .register(registry)
                .increment();
    }

    private static void closeQuietly(GeoIpLocator geoIp) {
        try {
            geoIp.close();
        } catch (IOException e) {
            LOG.debugf("closing a retired GeoIP database failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        retirer.shutdownNow();
        GeoIpLocator geoIp = served.get().geoIp();
        if (geoIp != null) {
            geoIp.close();
        }
    }
}
