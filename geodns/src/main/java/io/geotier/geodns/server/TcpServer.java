package io.geotier.geodns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves DNS over TCP (RFC 7766): two-byte length framing, any number of queries per connection
 * answered in order, and the connection closed after an idle timeout. Connections beyond the
 * pool's size are closed at once rather than queued.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpServer.class);
    private static final int MAX_CONNECTIONS = 128;

    private final ServerSocket server;
    private final Responder responder;
    private final int idleMillis;
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
                try {
                    connections.execute(() -> serve(socket));
                } catch (RejectedExecutionException e) {
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
            socket.setSoTimeout(idleMillis);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
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

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
