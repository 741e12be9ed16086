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
 * that doubled the CPU time geodns spent. Where Linux's recvmmsg and sendmmsg can be had
 * ({@link MmsgSocket}) a thread takes every query queued in one call and sends their replies in
 * one; elsewhere, or with a batch of 0, it uses the JDK's DatagramChannel, a datagram per call.
 */
public final class UdpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpServer.class);
    private static final int MAX_DATAGRAM = 65535;

    /**
     * Asked of the kernel for each socket's receive queue (it grants up to net.core.rmem_max).
     * Linux's default of 208 KiB holds a few hundred queries by the kernel's accounting per
     * datagram, i.e. a pause of a couple of milliseconds at full load; a larger queue absorbs a
     * collection pause instead of dropping what arrives during it.
     */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final List<MmsgSocket> batched = new ArrayList<>();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Responder responder;
    private final ResponseRateLimit limit;
    private final QueryListener listener;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;

    /** @param batch the most datagrams per system call; 0 for the JDK's channel */
    public UdpServer(
            InetSocketAddress address,
            Responder responder,
            int threadCount,
            int batch,
            ResponseRateLimit limit,
            QueryListener listener)
            throws IOException {
        this.responder = responder;
        this.limit = limit;
        this.listener = listener;
        boolean batching = batch > 0 && MmsgSocket.available();
        if (batch > 0 && !batching) {
            LOG.warnf("recvmmsg/sendmmsg not available here (not Linux, or JNA could not load):"
                    + " UDP is served a datagram per call");
        }
        List<Runnable> loops = new ArrayList<>();
        try {
            for (int i = 0; i < threadCount; i++) {
                // The first socket may have asked for any free port: the others join it on the port it got.
                InetSocketAddress at = i == 0 ? address : localAddress();
                if (batching) {
                    MmsgSocket socket = MmsgSocket.bind(at, threadCount > 1, batch);
                    batched.add(socket);
                    loops.add(() -> serve(socket));
                } else {
                    DatagramChannel channel = open(at, threadCount > 1);
                    channels.add(channel);
                    loops.add(() -> serve(channel));
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        String name = "geodns-udp-" + localAddress().getPort() + "-";
        for (int i = 0; i < loops.size(); i++) {
            threads.add(new Thread(loops.get(i), name + i));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    /** Shared only when several: a lone socket then refuses a second server on its port. */
    private static DatagramChannel open(InetSocketAddress address, boolean shared) throws IOException {
        // An IPv4 socket for an IPv4 address: a dual-stack one sends each reply through the IPv6 path.
        DatagramChannel channel = DatagramChannel.open(
                address.getAddress() instanceof Inet4Address
                        ? StandardProtocolFamily.INET
                        : StandardProtocolFamily.INET6);
        try {
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            return channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return batched.isEmpty()
                ? (InetSocketAddress) channels.get(0).getLocalAddress()
                : batched.get(0).localAddress();
    }

    /** Whether every UDP thread is still serving: readiness is DOWN once one has ended. */
    public boolean serving() {
        return !closing && !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
    }

    /** Whether UDP is served with recvmmsg/sendmmsg. */
    public boolean batching() {
        return !batched.isEmpty();
    }

    private void serve(MmsgSocket socket) {
        while (!closing) {
            try {
                int received = socket.receive();
                for (int i = 0; i < received; i++) {
                    answerOne(socket, i);
                }
                socket.flush();
            } catch (Throwable e) { // a thread that dies here would leave its socket unread for good
                LOG.debugf("udp queries dropped: %s", e.toString());
            }
        }
    }

    /** One query of a batch: whatever it throws costs it its reply, not the batch's other replies. */
    private void answerOne(MmsgSocket socket, int i) {
        try {
            byte[] reply = answer(socket.query(i), socket.source(i));
            if (reply != null) {
                socket.reply(i, reply);
            }
        } catch (Throwable e) {
            LOG.debugf("udp query dropped: %s", e.toString());
        }
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
                byte[] reply = answer(query, ((InetSocketAddress) from).getAddress());
                if (reply != null) {
                    out.clear();
                    out.put(reply).flip();
                    channel.send(out, from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (Throwable e) {
                LOG.debugf("udp query dropped: %s", e.toString());
            }
        }
    }

    /** The reply to send, rate limiting applied; null for none. */
    private byte[] answer(byte[] query, InetAddress client) throws IOException {
        byte[] reply = responder.respond(query, client, Transport.UDP);
        if (reply == null) {
            return null;
        }
        ResponseRateLimit.Verdict verdict = limit.judge(client, query, reply);
        if (verdict == ResponseRateLimit.Verdict.SEND) {
            return reply;
        }
        listener.limited(verdict);
        return verdict == ResponseRateLimit.Verdict.SLIP ? truncated(reply) : null;
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
        closing = true;
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        batched.forEach(MmsgSocket::shutdown);
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Freed only once its thread is out: native memory under a running recvmmsg would crash the JVM.
            if (i < batched.size() && !t.isAlive()) {
                batched.get(i).close();
            } else if (i < batched.size()) {
                LOG.warnf("%s did not stop; its socket is left open", t.getName());
            }
        }
        if (threads.isEmpty()) {
            batched.forEach(MmsgSocket::close); // construction failed before any thread existed
        }
    }
}
