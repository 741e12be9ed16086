package io.geotier.node.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** The network a client address belongs to: its first {@code prefix} bits. Equal networks share a cap. */
record ClientNetwork(byte[] bits, int prefix) {

    static ClientNetwork of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return new ClientNetwork(bytes, prefix);
    }

    /** "192.0.2.0/24", "2001:db8::/32"; a bare address is one host. */
    static ClientNetwork parse(String text) {
        String[] parts = text.trim().split("/", 2);
        if (!parts[0].matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return of(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP network: " + text, e);
        }
    }

    boolean contains(InetAddress address) {
        byte[] other = address.getAddress();
        return other.length == bits.length && of(address, prefix).equals(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientNetwork n && n.prefix == prefix && Arrays.equals(n.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bits) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(bits).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
