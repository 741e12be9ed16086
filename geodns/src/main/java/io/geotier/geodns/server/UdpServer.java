package io.geotier.geodns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Serves DNS over UDP: a few threads share one socket, each receiving, answering and sending. */
public final class UdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpServer.class);
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramChannel channel;
    private final Responder responder;
    private final List<Thread> threads = new ArrayList<>();

    public UdpServer(InetSocketAddress address, Responder responder, int threadCount) throws IOException {
        this.responder = responder;
        this.channel = DatagramChannel.open();
        channel.bind(address);
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::serve, "geodns-udp-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                byte[] query = new byte[in.remaining()];
                in.get(query);
                byte[] reply = responder.respond(query, ((InetSocketAddress) from).getAddress(), Transport.UDP);
                if (reply != null) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debugf("udp query dropped: %s", e.toString());
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
