package io.geotier.geodns.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.geodns.geo.Cidr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open DNS-over-TCP connections, as a table with two limits: in all, and per client network
 * (/24 for IPv4, /56 for IPv6, the networks response rate limiting also charges). A newcomer
 * over either limit takes the place of the connection, in all or in its own network, that has
 * waited longest for its next query (as Knot and BIND do); only when none is waiting is the
 * newcomer refused. So idle connections held open from a few networks cannot keep anyone else
 * out. A connection whose client has not taken a reply within the write deadline is closed by
 * {@link #closeStuckWriters}: a blocking write has no timeout of its own.
 */
final class TcpConnections {

    private static final long NOT_SINCE = Long.MAX_VALUE;

    /** One connection and what its serving thread is doing, in System.nanoTime() terms. */
    static final class Connection {
        final Socket socket;
        final InetAddress network;
        private volatile long waitingSince;
        private volatile long writingSince = NOT_SINCE;

        Connection(Socket socket, InetAddress network, long now) {
            this.socket = socket;
            this.network = network;
            this.waitingSince = now;
        }

        /** The thread waits for the first byte of the next query. */
        void waiting(long now) {
            waitingSince = now;
        }

        /** A query is being read or answered: the connection is busy, not idle. */
        void busy() {
            waitingSince = NOT_SINCE;
        }

        void writing(long now) {
            writingSince = now;
        }

        void written() {
            writingSince = NOT_SINCE;
        }
    }

    private final int maxConnections;
    private final int maxPerNetwork;

    @GuardedBy("this")
    private final Set<Connection> open = new LinkedHashSet<>();

    @GuardedBy("this")
    private final Map<InetAddress, Integer> perNetwork = new HashMap<>();

    TcpConnections(int maxConnections, int maxPerNetwork) {
        this.maxConnections = maxConnections;
        this.maxPerNetwork = maxPerNetwork;
    }

    static InetAddress networkOf(InetAddress client) {
        return Cidr.mask(client, client instanceof Inet4Address ? 24 : 56);
    }

    /** @return the admitted connection, or null when every connection in its way is busy */
    Connection admit(Socket socket, long now) {
        InetAddress network = networkOf(socket.getInetAddress());
        List<Connection> evicted = new ArrayList<>(2);
        Connection admitted = null;
        synchronized (this) {
            if (perNetwork.getOrDefault(network, 0) >= maxPerNetwork && !evictLongestWaiting(network, evicted)) {
                return null;
            }
            if (open.size() >= maxConnections && !evictLongestWaiting(null, evicted)) {
                return null;
            }
            admitted = new Connection(socket, network, now);
            open.add(admitted);
            perNetwork.merge(network, 1, Integer::sum);
        }
        evicted.forEach(TcpConnections::closeQuietly); // outside the lock: closing can take a while
        return admitted;
    }

    /** Forgets a connection (once, however often called); its thread calls this as it ends. */
    synchronized void release(Connection c) {
        if (open.remove(c)) {
            perNetwork.computeIfPresent(c.network, (n, count) -> count == 1 ? null : count - 1);
        }
    }

    synchronized int size() {
        return open.size();
    }

    /** Closes every connection whose reply has waited on its client longer than the deadline. */
    void closeStuckWriters(long now, long deadlineNanos) {
        List<Connection> stuck = new ArrayList<>();
        synchronized (this) {
            for (Connection c : open) {
                long since = c.writingSince;
                if (since != NOT_SINCE && now - since > deadlineNanos) {
                    stuck.add(c);
                }
            }
            stuck.forEach(this::release);
        }
        stuck.forEach(TcpConnections::closeQuietly);
    }

    /** Removes the connection waiting longest for a query (in the network, or anywhere for null). */
    @GuardedBy("this")
    private boolean evictLongestWaiting(InetAddress network, List<Connection> evicted) {
        Connection longest = null;
        for (Connection c : open) {
            if ((network == null || c.network.equals(network))
                    && c.waitingSince != NOT_SINCE
                    && (longest == null || c.waitingSince < longest.waitingSince)) {
                longest = c;
            }
        }
        if (longest == null) {
            return false;
        }
        release(longest);
        evicted.add(longest);
        return true;
    }

    synchronized void closeAll() {
        open.forEach(TcpConnections::closeQuietly);
        open.clear();
        perNetwork.clear();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
