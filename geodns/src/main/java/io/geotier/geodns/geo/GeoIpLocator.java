package io.geotier.geodns.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** Places an address on the map with a MaxMind GeoIP2/GeoLite2 City database. */
public final class GeoIpLocator implements Closeable {

    /** Where an address is, and the prefix of the database network that said so. */
    public record Point(double latitude, double longitude, int networkPrefix) {
    }

    private final DatabaseReader reader;

    public GeoIpLocator(Path database) throws IOException {
        this.reader = new DatabaseReader.Builder(database.toFile()).withCache(new CHMCache()).build();
        String type = reader.getMetadata().databaseType();
        if (!type.contains("City")) {
            reader.close();
            throw new IOException(database + " is a " + type
                    + " database; geodns needs a GeoIP2 or GeoLite2 City database");
        }
    }

    /** The database's coordinates for the address; empty when it has none. */
    public Optional<Point> locate(InetAddress address) {
        try {
            Optional<CityResponse> city = reader.tryCity(address);
            if (city.isEmpty()) {
                return Optional.empty();
            }
            Double lat = city.get().location().latitude();
            Double lon = city.get().location().longitude();
            if (lat == null || lon == null) {
                return Optional.empty();
            }
            return Optional.of(new Point(lat, lon, city.get().traits().network().prefixLength()));
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
