package io.geotier.geodns.server;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves DNS over TCP (RFC 7766): two-byte length framing, any number of queries per connection
 * answered in order. A connection is closed when no complete query arrives within the idle
 * timeout, counted from the end of the last answer, so a client trickling a byte at a time cannot
 * hold it. Connections beyond the pool's size, or beyond a per-address share of it, are closed
 * at once rather than queued, so one address cannot take TCP away from everyone else.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpServer.class);
    private static final int MAX_CONNECTIONS = 128;
    private static final int MAX_CONNECTIONS_PER_ADDRESS = 16;

    private final ServerSocket server;
    private final Responder responder;
    private final int idleMillis;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "geodns-tcp");
                t.setDaemon(true);
                return t;
            });

    public TcpServer(InetSocketAddress address, Responder responder, Duration idleTimeout) throws IOException {
        this.responder = responder;
        this.idleMillis = (int) idleTimeout.toMillis();
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 256);
        Thread acceptor = new Thread(this::accept, "geodns-tcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                InetAddress client = socket.getInetAddress();
                if (!admit(client)) {
                    socket.close();
                    continue;
                }
                try {
                    connections.execute(() -> {
                        try {
                            serve(socket);
                        } finally {
                            leave(client);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    leave(client);
                    socket.close();
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debugf("tcp accept failed: %s", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                long deadline = System.nanoTime() + idleMillis * 1_000_000L;
                byte[] prefix = readFully(socket, in, 2, deadline);
                byte[] query = readFully(socket, in, ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff), deadline);
                byte[] reply = responder.respond(query, socket.getInetAddress(), Transport.TCP);
                if (reply == null) {
                    return;
                }
                out.writeShort(reply.length);
                out.write(reply);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException | SocketTimeoutException | SocketException e) {
            // the client closed, went idle, or reset: all normal ends of a DNS TCP connection
        } catch (IOException | RuntimeException e) {
            LOG.debugf("tcp connection ended: %s", e.toString());
        }
    }

    private boolean admit(InetAddress client) {
        AtomicInteger count = perAddress.compute(client, (a, c) -> {
            AtomicInteger counted = c == null ? new AtomicInteger() : c;
            counted.incrementAndGet();
            return counted;
        });
        if (count.get() > MAX_CONNECTIONS_PER_ADDRESS) {
            leave(client);
            return false;
        }
        return true;
    }

    private void leave(InetAddress client) {
        perAddress.computeIfPresent(client, (a, c) -> c.decrementAndGet() == 0 ? null : c);
    }

    /** Reads exactly n bytes, all of them before the deadline, whatever pace they come at. */
    private static byte[] readFully(Socket socket, InputStream in, int n, long deadline) throws IOException {
        byte[] bytes = new byte[n];
        for (int read = 0; read < n; ) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("no complete query within the idle timeout");
            }
            socket.setSoTimeout((int) left);
            int r = in.read(bytes, read, n - read);
            if (r < 0) {
                throw new EOFException();
            }
            read += r;
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
