package io.geotier.geodns.reload;

import io.geotier.geodns.GeodnsConfig;
import io.geotier.geodns.dnssec.KeyFiles;
import io.geotier.geodns.dnssec.SigningKey;
import io.geotier.geodns.dnssec.ZoneSigner;
import io.geotier.geodns.geo.CoverageZones;
import io.geotier.geodns.geo.GeoIpLocator;
import io.geotier.geodns.zone.Zone;
import io.geotier.geodns.zone.ZoneFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.xbill.DNS.DNSKEYRecord;

/**
 * Keeps the served data in step with the zone file, the coverage-zone file, the GeoIP
 * database and the DNSSEC signing key. A changed file is read and checked in full before it replaces anything; one that
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
        GEOIP,
        KEY
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

    /** The zone as its file says, before a DNSKEY is added: what a new key is added to. */
    private volatile Zone unsignedZone;

    /** Loads everything once; a file that does not load stops start-up. */
    public Reloader(GeodnsConfig config, MeterRegistry registry) throws IOException {
        this.config = config;
        this.registry = registry;
        Optional<Path> coverage = config.steering().coverageZones();
        Optional<Path> geoIp = config.steering().geoipDatabase();
        this.unsignedZone = ZoneFactory.load(config.zone(), config.steering());
        this.served = new AtomicReference<>(Served.of(
                unsignedZone,
                coverage.isPresent() ? CoverageZones.load(coverage.get()) : CoverageZones.EMPTY,
                geoIp.isPresent() ? new GeoIpLocator(geoIp.get()) : null,
                signer(unsignedZone)));
    }

    /** A signer with the configured key, or null when none is. */
    private ZoneSigner signer(Zone zone) throws IOException {
        Optional<Path> keyFile = config.dnssec().keyFile();
        if (keyFile.isEmpty()) {
            return null;
        }
        long ttl = config.zone().ttl().toSeconds();
        SigningKey key = KeyFiles.read(keyFile.get(), zone.origin(), ttl);
        List<DNSKEYRecord> alsoPublished = new ArrayList<>();
        for (Path other : config.dnssec().publishedKeys().orElse(List.of())) {
            alsoPublished.add(KeyFiles.read(other, zone.origin(), ttl).dnskey());
        }
        LOG.infof("signing %s online with %s (%d more keys published)", zone.origin(), key, alsoPublished.size());
        return new ZoneSigner(
                key,
                alsoPublished,
                config.dnssec().signatureValidity(),
                config.dnssec().signatureRefresh(),
                config.dnssec().inceptionBackdate(),
                InstantSource.system());
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
        config.dnssec().keyFile().ifPresent(files::add);
        config.dnssec().publishedKeys().ifPresent(files::addAll);
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
        if (config.dnssec().keyFile().filter(file::equals).isPresent()
                || config.dnssec().publishedKeys().orElse(List.of()).contains(file)) {
            reload(Source.KEY, file);
        }
    }

    private void reload(Source source, Path file) {
        Served old = served.get();
        try {
            Zone zone = source == Source.ZONE ? ZoneFactory.load(config.zone(), config.steering()) : unsignedZone;
            Served next = switch (source) {
                case ZONE -> Served.of(zone, old.coverage(), old.geoIp(), sameKey(old.signer(), zone));
                case COVERAGE -> Served.of(zone, CoverageZones.load(file), old.geoIp(), old.signer());
                case GEOIP -> Served.of(zone, old.coverage(), new GeoIpLocator(file), old.signer());
                case KEY -> Served.of(zone, old.coverage(), old.geoIp(), signer(zone));
            };
            unsignedZone = zone;
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

    /**
     * The signer kept across a zone reload (its signatures stay good for RRsets that did not
     * change), unless the apex moved, which takes the key read again for the new name.
     */
    private ZoneSigner sameKey(ZoneSigner current, Zone zone) throws IOException {
        if (current == null || current.key().dnskey().getName().equals(zone.origin())) {
            return current;
        }
        return signer(zone);
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
