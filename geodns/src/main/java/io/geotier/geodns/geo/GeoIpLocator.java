package io.geotier.geodns.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/** Places an address on the map with a MaxMind GeoIP2/GeoLite2 City database. */
public final class GeoIpLocator implements Closeable {

    /** Where an address is, and the prefix of the database network that said so. */
    public record Point(double latitude, double longitude, int networkPrefix) {}

    /**
     * Rough geographic centres of the continents, by MaxMind's continent code: where a record
     * knows only the continent (no coordinates), the client is placed there, which still tells
     * Frankfurt from Ashburn.
     */
    private static final Map<String, double[]> CONTINENT_CENTRES = Map.of(
            "AF", new double[] {2.0, 16.0},
            "AN", new double[] {-82.9, 135.0},
            "AS", new double[] {34.0, 100.0},
            "EU", new double[] {54.5, 15.3},
            "NA", new double[] {45.0, -100.0},
            "OC", new double[] {-22.7, 140.0},
            "SA", new double[] {-15.6, -56.1});

    private final DatabaseReader reader;

    /**
     * Maps a private copy of the database, unlinked once mapped, never the file itself: a file
     * overwritten in place (what {@code cp} over it does) truncates a mapping of it, and the next
     * lookup touching a page past the new end raises an {@link InternalError}. The copy is read
     * whole before anything uses it, so a file caught half-written fails here (its metadata, at
     * the end, is missing) and the reloader keeps the database in service. The mapping stays
     * valid after the unlink, and the page cache holds the copy as it held the file.
     */
    public GeoIpLocator(Path database) throws IOException {
        Path copy = Files.createTempFile("geodns-geoip-", ".mmdb");
        try {
            Files.copy(database, copy, StandardCopyOption.REPLACE_EXISTING);
            this.reader = new DatabaseReader.Builder(copy.toFile())
                    .withCache(new CHMCache())
                    .build();
        } finally {
            Files.deleteIfExists(copy);
        }
        String type = reader.getMetadata().databaseType();
        if (!type.contains("City")) {
            reader.close();
            throw new IOException(
                    database + " is a " + type + " database; geodns needs a GeoIP2 or GeoLite2 City database");
        }
    }

    /** The database's coordinates for the address, else its continent's centre; empty when it has neither. */
    public Optional<Point> locate(InetAddress address) {
        try {
            Optional<CityResponse> city = reader.tryCity(address);
            if (city.isEmpty()) {
                return Optional.empty();
            }
            int prefix = city.get().traits().network().prefixLength();
            Double lat = city.get().location().latitude();
            Double lon = city.get().location().longitude();
            if (lat != null && lon != null) {
                return Optional.of(new Point(lat, lon, prefix));
            }
            double[] centre = CONTINENT_CENTRES.get(city.get().continent().code());
            return centre == null ? Optional.empty() : Optional.of(new Point(centre[0], centre[1], prefix));
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            // An IPv6 address asked of an IPv4-only database lands here too: not located.
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
