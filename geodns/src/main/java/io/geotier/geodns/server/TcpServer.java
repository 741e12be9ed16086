package io.geotier.geodns.server;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves DNS over TCP (RFC 7766): two-byte length framing, any number of queries per connection
 * answered in order. A connection is closed when no complete query arrives within the idle
 * timeout, counted from the end of the last answer, so a client trickling a byte at a time cannot
 * hold it, and when a reply is not taken by its client within the same time, so a client that
 * pipelines queries and never reads cannot hold a thread in a write. Who gets a connection when
 * they run short is {@link TcpConnections}'s rule.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpServer.class);
    static final int MAX_CONNECTIONS = 128;
    static final int MAX_CONNECTIONS_PER_NETWORK = 16;

    private final ServerSocket server;
    private final Responder responder;
    private final int idleMillis;
    private final TcpConnections table = new TcpConnections(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_NETWORK);
    // Twice the table: an evicted connection's thread takes a moment to notice and leave.
    private final ThreadPoolExecutor connections =
            new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "geodns-tcp");
                t.setDaemon(true);
                return t;
            });
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "geodns-tcp-sweep");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;

    public TcpServer(InetSocketAddress address, Responder responder, Duration idleTimeout) throws IOException {
        this.responder = responder;
        this.idleMillis = (int) idleTimeout.toMillis();
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 256);
        long sweepMillis = Math.max(10, idleMillis / 4);
        sweeper.scheduleWithFixedDelay(
                () -> table.closeStuckWriters(System.nanoTime(), idleMillis * 1_000_000L),
                sweepMillis,
                sweepMillis,
                TimeUnit.MILLISECONDS);
        acceptor = new Thread(this::accept, "geodns-tcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Whether connections are still accepted: readiness is DOWN once the acceptor has ended. */
    public boolean serving() {
        return !server.isClosed() && acceptor.isAlive();
    }

    public int localPort() {
        return server.getLocalPort();
    }

    /** Connections open now. */
    int openConnections() {
        return table.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                TcpConnections.Connection connection = table.admit(socket, System.nanoTime());
                if (connection == null) {
                    socket.close();
                    continue;
                }
                try {
                    connections.execute(() -> {
                        try {
                            serve(connection);
                        } finally {
                            table.release(connection);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    table.release(connection);
                    socket.close();
                }
            } catch (Throwable e) { // the acceptor ending would end TCP for everyone
                if (!server.isClosed()) {
                    LOG.debugf("tcp accept failed: %s", e.toString());
                }
            }
        }
    }

    private void serve(TcpConnections.Connection connection) {
        Socket socket = connection.socket;
        try (socket) {
            socket.setTcpNoDelay(true);
            TcpFrameReader frames = new TcpFrameReader(socket);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Runnable arriving = connection::busy; // a query has begun: not idle, so not the one to make room
            while (true) {
                long deadline = System.nanoTime() + idleMillis * 1_000_000L;
                byte[] query = frames.next(deadline, arriving);
                byte[] reply = responder.respond(query, socket.getInetAddress(), Transport.TCP);
                connection.writing(System.nanoTime());
                if (reply == null) {
                    out.flush(); // the answers before it are owed
                    return;
                }
                out.writeShort(reply.length);
                out.write(reply);
                if (!nextQueryHere(frames)) { // replies wait for one write only while the next query is here
                    out.flush();
                }
                connection.written();
                connection.waiting(System.nanoTime()); // idle from the end of its answer, as the timeout counts
            }
        } catch (EOFException | SocketTimeoutException | SocketException e) {
            // the client closed, went idle, reset, or was closed to make room: normal ends of a connection
        } catch (IOException | RuntimeException e) {
            LOG.debugf("tcp connection ended: %s", e.toString());
        }
    }

    /** Whether the next query has arrived whole, so that answering it cannot wait on the client. */
    private static boolean nextQueryHere(TcpFrameReader frames) throws IOException {
        frames.takeArrived();
        return frames.hasCompleteFrame();
    }

    @Override
    public void close() throws IOException {
        server.close();
        sweeper.shutdownNow();
        table.closeAll();
        connections.shutdownNow();
    }
}
