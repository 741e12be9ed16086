package io.geotier.geodns.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * Serves DNS over UDP: each thread has its own socket on the address (SO_REUSEPORT, so the kernel
 * spreads clients over them) and receives, answers and sends on it. Threads sharing one socket
 * would take turns at its receive lock, paying a futex hand-off per query: at 10k queries a second
 * that doubled the CPU time geodns spent.
 */
public final class UdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpServer.class);
    private static final int MAX_DATAGRAM = 65535;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Responder responder;
    private final ResponseRateLimit limit;
    private final QueryListener listener;
    private final List<Thread> threads = new ArrayList<>();

    public UdpServer(InetSocketAddress address, Responder responder, int threadCount, ResponseRateLimit limit,
            QueryListener listener) throws IOException {
        this.responder = responder;
        this.limit = limit;
        this.listener = listener;
        try {
            for (int i = 0; i < threadCount; i++) {
                // The first socket may have asked for any free port: the others join it on the port it got.
                channels.add(open(i == 0 ? address : localAddress(), threadCount > 1));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        for (int i = 0; i < threadCount; i++) {
            DatagramChannel channel = channels.get(i);
            Thread t = new Thread(() -> serve(channel), "geodns-udp-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Shared only when several: a lone socket then refuses a second server on its port. */
    private static DatagramChannel open(InetSocketAddress address, boolean shared) throws IOException {
        // An IPv4 socket for an IPv4 address: a dual-stack one sends each reply through the IPv6 path.
        DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            return channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channels.get(0).getLocalAddress();
    }

    private void serve(DatagramChannel channel) {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM); // spares the JDK its per-send temporary buffer
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                byte[] query = new byte[in.remaining()];
                in.get(query);
                InetAddress client = ((InetSocketAddress) from).getAddress();
                byte[] reply = responder.respond(query, client, Transport.UDP);
                if (reply == null) {
                    continue;
                }
                ResponseRateLimit.Verdict verdict = limit.judge(client, reply.length);
                if (verdict != ResponseRateLimit.Verdict.SEND) {
                    listener.limited(verdict);
                    reply = verdict == ResponseRateLimit.Verdict.SLIP ? truncated(reply) : null;
                }
                if (reply != null) {
                    out.clear();
                    out.put(reply).flip();
                    channel.send(out, from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debugf("udp query dropped: %s", e.toString());
            }
        }
    }

    /** The response emptied to its header and question, with TC set: "ask me over TCP". */
    private static byte[] truncated(byte[] reply) throws IOException {
        Message full = new Message(reply);
        Message empty = new Message(full.getHeader().getID());
        Header h = empty.getHeader();
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD}) {
            if (full.getHeader().getFlag(flag)) {
                h.setFlag(flag);
            }
        }
        h.setFlag(Flags.TC);
        h.setRcode(full.getRcode());
        if (full.getQuestion() != null) {
            empty.addRecord(full.getQuestion(), Section.QUESTION);
        }
        return empty.toWire();
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            channel.close();
        }
    }
}
