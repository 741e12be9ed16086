package io.geotier.harness.net;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on loopback, so no test depends on a fixed port being available.
 *
 * <p>Ports come from below Linux's ephemeral range (32768-60999 by default), not from it: a port
 * the kernel hands out as "free" there may be taken a moment later as the local port of an
 * outgoing connection (a node fetching from the origin, a Hot Rod client), and the server meant
 * to listen on it then fails with "Address already in use". Each port is free on TCP and UDP
 * (a DNS server needs both), and none is handed out twice by one JVM.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    /** Leaves room below 32768 for the JGroups FD_SOCK2 ports, at the JGroups port + 100..105. */
    private static final int HIGH = 32_000;

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port free on loopback for TCP and UDP alike. */
    public static int tcp() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!GIVEN.contains(port) && free(port) && GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on loopback between " + LOW + " and " + HIGH);
    }

    /** The first of {@code count} consecutive ports, each free as {@link #tcp()} gives them. */
    public static int tcpRange(int count) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOW, HIGH - count);
            boolean all = true;
            for (int p = first; p < first + count && all; p++) {
                all = !GIVEN.contains(p) && free(p);
            }
            if (all) {
                for (int p = first; p < first + count; p++) {
                    GIVEN.add(p);
                }
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on loopback");
    }

    private static boolean free(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(loopback, port), 1);
        } catch (IOException e) {
            return false;
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
