package io.geotier.geodns.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Networks that an operator has pinned to a region ("10.1.0.0/16 eu-west"), consulted before
 * GeoIP. The most specific network containing the client wins.
 */
public final class CoverageZones {

    public record Zone(Cidr network, String region) {}

    public static final CoverageZones EMPTY = new CoverageZones(List.of());

    /** Sorted longest prefix first, so the first match is the most specific. */
    private final List<Zone> zones;

    public CoverageZones(List<Zone> zones) {
        List<Zone> sorted = new ArrayList<>(zones);
        sorted.sort(Comparator.comparingInt((Zone z) -> z.network().prefix()).reversed());
        this.zones = List.copyOf(sorted);
    }

    /**
     * Reads a coverage-zone file: one "CIDR region" per line, '#' starts a comment. Any malformed
     * line rejects the whole file, naming the line.
     */
    public static CoverageZones load(Path file) throws IOException {
        List<Zone> zones = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new IOException(file + ":" + (i + 1) + ": expected 'CIDR region', got '" + line + "'");
            }
            try {
                zones.add(new Zone(Cidr.parse(fields[0]), fields[1]));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new CoverageZones(zones);
    }

    public Optional<Zone> lookup(InetAddress address) {
        for (Zone zone : zones) {
            if (zone.network().contains(address)) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return zones.size();
    }
}
