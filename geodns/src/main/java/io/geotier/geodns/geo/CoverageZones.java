package io.geotier.geodns.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Networks that an operator has pinned to a region ("10.1.0.0/16 eu-west"), consulted before
 * GeoIP. The most specific network containing the client wins.
 *
 * <p>Kept as one hash table per prefix length, looked up from the longest length present to the
 * shortest: a query costs one masked lookup per distinct length (at most 33 for IPv4, 129 for
 * IPv6), whatever the number of networks. A list scanned in order cost one comparison per
 * network, and a million networks made geodns answer in milliseconds (bench/scale/run zones,
 * docs/benchmarks.md).
 */
public final class CoverageZones {

    public record Zone(Cidr network, String region) {}

    public static final CoverageZones EMPTY = new CoverageZones(List.of());

    /** A masked address as two longs (IPv4 in the low 32 bits of lo), with its family. */
    private record Key(boolean v6, long hi, long lo) {}

    /** Prefix lengths present, longest first, per family. */
    private final int[] v4Lengths;

    private final int[] v6Lengths;
    /** Tables by family and prefix length: [0..32] IPv4, [33..161] IPv6 (length + 33). */
    private final Map<Key, Zone>[] tables;

    private final int size;

    @SuppressWarnings("unchecked")
    public CoverageZones(List<Zone> zones) {
        this.tables = new Map[33 + 129];
        for (Zone zone : zones) {
            byte[] network = zone.network().network().getAddress();
            int table = network.length == 4
                    ? zone.network().prefix()
                    : 33 + zone.network().prefix();
            if (tables[table] == null) {
                tables[table] = new HashMap<>();
            }
            // the network's host bits are clear already: masking it keys it as a lookup will
            tables[table].putIfAbsent(
                    masked(
                            network.length == 16,
                            hi(network),
                            lo(network),
                            zone.network().prefix()),
                    zone); // a network listed twice: its first line wins
        }
        this.v4Lengths = lengths(0, 33);
        this.v6Lengths = lengths(33, 162);
        int total = 0;
        for (Map<Key, Zone> table : tables) {
            total += table == null ? 0 : table.size();
        }
        this.size = total;
    }

    /** The prefix lengths with a table among tables[from, to), longest first, as lengths. */
    private int[] lengths(int from, int to) {
        return IntStream.iterate(to - 1, i -> i >= from, i -> i - 1)
                .filter(i -> tables[i] != null)
                .map(i -> i - from)
                .toArray();
    }

    /**
     * Reads a coverage-zone file: one "CIDR region" per line, '#' starts a comment. Any malformed
     * line rejects the whole file, naming the line.
     */
    public static CoverageZones load(Path file) throws IOException {
        List<Zone> zones = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            line = (comment < 0 ? line : line.substring(0, comment)).trim();
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
        byte[] bytes = address.getAddress();
        boolean v6 = bytes.length == 16;
        long hi = hi(bytes);
        long lo = lo(bytes);
        int base = v6 ? 33 : 0;
        for (int prefix : v6 ? v6Lengths : v4Lengths) {
            Zone zone = tables[base + prefix].get(masked(v6, hi, lo, prefix));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    /** The first 64 bits of an IPv6 address; 0 for IPv4. */
    private static long hi(byte[] address) {
        return address.length == 16 ? word(address, 0) : 0;
    }

    /** The last 64 bits of an IPv6 address, or the 32 of an IPv4 one. */
    private static long lo(byte[] address) {
        return address.length == 16 ? word(address, 8) : word(address, 0) >>> 32;
    }

    private static Key masked(boolean v6, long hi, long lo, int prefix) {
        if (!v6) {
            return new Key(false, 0, prefix == 0 ? 0 : lo & (0xffffffffL << (32 - prefix)) & 0xffffffffL);
        }
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new Key(true, hi & hiMask, lo & loMask);
    }

    /** Eight bytes from {@code at} (IPv4's four are padded with zeros), big-endian. */
    private static long word(byte[] bytes, int at) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (at + i < bytes.length ? bytes[at + i] & 0xff : 0);
        }
        return w;
    }

    public int size() {
        return size;
    }
}
