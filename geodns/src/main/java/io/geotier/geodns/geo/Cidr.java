package io.geotier.geodns.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network: an address and a prefix length. Host bits are cleared on creation. */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + network.getHostAddress());
        }
        network = mask(network, prefix);
    }

    /** Parses "192.0.2.0/24" or "2001:db8::/32"; a bare address is a host route. */
    public static Cidr parse(String text) {
        String[] parts = text.trim().split("/", 2);
        if (!looksLikeAddress(parts[0])) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.getAddress().length * 8;
            return new Cidr(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP network: " + text, e);
        }
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** @param address 4 or 16 bytes; compared in place, as this runs per query */
    public boolean contains(byte[] address) {
        byte[] n = network.getAddress();
        if (address.length != n.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        return rest == 0 || ((address[whole] ^ n[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    /** The address with every bit past the prefix cleared. */
    public static InetAddress mask(InetAddress address, int prefix) {
        return mask(address.getAddress(), prefix);
    }

    private static InetAddress mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(masked);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Refuses host names: InetAddress.getByName would resolve them over DNS. */
    private static boolean looksLikeAddress(String s) {
        return !s.isEmpty() && (s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
