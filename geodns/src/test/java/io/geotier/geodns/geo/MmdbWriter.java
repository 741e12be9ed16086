package io.geotier.geodns.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0) for tests: an IPv6 search tree with 24-bit records,
 * IPv4 networks placed at ::a.b.c.d/96+n as MaxMind does, and GeoIP2-City shaped records. No MMDB
 * writer exists on Maven Central, and the suite must not depend on files outside the project.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);
    private static final int EMPTY = -1;

    private final List<int[]> nodes = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private String databaseType = "GeoIP2-City";

    public MmdbWriter() {
        nodes.add(new int[] {EMPTY, EMPTY});
    }

    public MmdbWriter databaseType(String type) {
        this.databaseType = type;
        return this;
    }

    /** Adds a network located at a city; networks must not overlap. */
    public MmdbWriter city(String cidr, double latitude, double longitude, String city, String country) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("accuracy_radius", new UInt16(100));
        location.put("latitude", latitude);
        location.put("longitude", longitude);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", Map.of("names", Map.of("en", city)));
        record.put("country", Map.of("iso_code", country));
        record.put("location", location);
        return network(cidr, record);
    }

    /** Adds a network whose record knows its country and continent but has no coordinates. */
    public MmdbWriter continentOnly(String cidr, String country, String continent) {
        return network(cidr, Map.of("country", Map.of("iso_code", country), "continent", Map.of("code", continent)));
    }

    /** Adds a network whose record has no location at all. */
    public MmdbWriter countryOnly(String cidr, String country) {
        return network(cidr, Map.of("country", Map.of("iso_code", country)));
    }

    private MmdbWriter network(String cidr, Map<String, Object> record) {
        Cidr network = Cidr.parse(cidr);
        byte[] address = network.network().getAddress();
        int prefix = network.prefix();
        if (address.length == 4) {
            byte[] v6 = new byte[16];
            System.arraycopy(address, 0, v6, 12, 4);
            address = v6;
            prefix += 96;
        }
        int dataOffset = data.size();
        encode(record, data);
        insert(address, prefix, dataOffset);
        return this;
    }

    /** Data records are stored as -(offset + 2) so they differ from node indexes and EMPTY. */
    private void insert(byte[] address, int prefix, int dataOffset) {
        int node = 0;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (bit == prefix - 1) {
                nodes.get(node)[side] = -(dataOffset + 2);
                return;
            }
            int next = nodes.get(node)[side];
            if (next < 0) {
                nodes.add(new int[] {EMPTY, EMPTY});
                next = nodes.size() - 1;
                nodes.get(node)[side] = next;
            }
            node = next;
        }
    }

    public Path write(Path file) throws IOException {
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int record : node) {
                int value = record == EMPTY ? nodeCount : record < 0 ? nodeCount + 16 + (-record - 2) : record;
                out.write(value >>> 16);
                out.write(value >>> 8);
                out.write(value);
            }
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new UInt16(2));
        metadata.put("binary_format_minor_version", new UInt16(0));
        metadata.put("build_epoch", new UInt64(1_700_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Geotier test database"));
        metadata.put("ip_version", new UInt16(6));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new UInt32(nodeCount));
        metadata.put("record_size", new UInt16(24));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
        return file;
    }

    record UInt16(int value) {}

    record UInt32(long value) {}

    record UInt64(long value) {}

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Double d) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (value instanceof UInt16 u) {
            unsigned(5, u.value(), out);
        } else if (value instanceof UInt32 u) {
            unsigned(6, u.value(), out);
        } else if (value instanceof UInt64 u) {
            unsigned(9, u.value(), out);
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            map.forEach((k, v) -> {
                encode(k, out);
                encode(v, out);
            });
        } else if (value instanceof List<?> list) {
            control(11, list.size(), out);
            list.forEach(v -> encode(v, out));
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int length = 0;
        for (long v = value; v != 0; v >>>= 8) {
            length++;
        }
        control(type, length, out);
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** The control byte: type in the top three bits (or an extended type byte), then the size. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        if (size >= 29) {
            throw new IllegalArgumentException("test writer keeps fields under 29 bytes");
        }
        if (type <= 7) {
            out.write(type << 5 | size);
        } else {
            out.write(size);
            out.write(type - 7);
        }
    }
}
