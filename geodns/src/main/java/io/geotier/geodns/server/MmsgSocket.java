package io.geotier.geodns.server;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A UDP socket read and written a batch of datagrams per system call, with Linux's recvmmsg and
 * sendmmsg (called through JNA; the JDK has neither). Under load the kernel hands over every
 * queued query in one call and takes every reply in one call, as gdnsd and Knot do: fewer system
 * calls, and the client's socket is woken once per batch instead of once per reply.
 *
 * <p>Everything lives in one block of native memory laid out as the kernel reads it (LP64 Linux):
 * per slot a receive and a send {@code struct mmsghdr}, their {@code struct iovec}s, the sender's
 * address and a buffer each way. A reply goes back to the address its query came from, as the
 * kernel wrote it. Not thread-safe: one thread owns a socket.
 */
final class MmsgSocket implements AutoCloseable {

    /** Larger queries are cut by the kernel (MSG_TRUNC) and answered FORMERR from their header. */
    static final int MAX_QUERY = 4096;
    /** No UDP reply is larger (EDNS payloads are capped at {@link Responder#EDNS_PAYLOAD}). */
    static final int MAX_REPLY = 4096;

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_RCVBUF = 8;
    private static final int SHUT_RDWR = 2;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final int MSG_TRUNC = 0x20;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    // struct mmsghdr: msghdr {name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48}, len 56
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int NAME = 32; // sockaddr_in6 is 28 bytes
    private static final int HEADER_BYTES = 12;

    private final int fd;
    private final int slots;
    private final Memory memory;
    private final ByteBuffer view;
    private final long base;
    private final int recvHeaders;
    private final int sendHeaders;
    private final int recvIovecs;
    private final int sendIovecs;
    private final int names;
    private final int recvBuffers;
    private final int sendBuffers;
    private final InetSocketAddress localAddress;
    private int staged;
    private volatile boolean closed;
    private boolean released;

    /** Whether this platform has recvmmsg and sendmmsg with the layout above, and JNA loads. */
    static boolean available() {
        try {
            return Platform.isLinux()
                    && Platform.is64Bit()
                    && (Platform.isIntel() || Platform.isARM())
                    && LibC.REGISTERED;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * @param shared  set SO_REUSEPORT, so that other sockets may bind the same address
     * @param slots   the most datagrams read or written per call
     */
    static MmsgSocket bind(InetSocketAddress address, boolean shared, int slots) throws IOException {
        boolean v4 = address.getAddress() instanceof Inet4Address;
        int fd = check(LibC.socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM, 0), "socket");
        try {
            return new MmsgSocket(fd, address, v4, shared, slots);
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private MmsgSocket(int fd, InetSocketAddress address, boolean v4, boolean shared, int slots) throws IOException {
        this.fd = fd;
        this.slots = slots;
        recvHeaders = 0;
        sendHeaders = recvHeaders + slots * MMSGHDR;
        recvIovecs = sendHeaders + slots * MMSGHDR;
        sendIovecs = recvIovecs + slots * IOVEC;
        names = sendIovecs + slots * IOVEC;
        recvBuffers = names + slots * NAME;
        sendBuffers = recvBuffers + slots * MAX_QUERY;
        memory = new Memory(sendBuffers + (long) slots * MAX_REPLY);
        memory.clear();
        base = Pointer.nativeValue(memory);
        view = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        if (shared) {
            view.putInt(names, 1);
            check(LibC.setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, base + names, 4), "setsockopt(SO_REUSEPORT)");
        }
        view.putInt(names, UdpServer.RECEIVE_BUFFER);
        check(LibC.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, base + names, 4), "setsockopt(SO_RCVBUF)");
        // Wake up now and then, so that closing never waits on a quiet socket; see also shutdown().
        view.putLong(names, 0).putLong(names + 8, 200_000);
        check(LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, base + names, 16), "setsockopt(SO_RCVTIMEO)");
        int length = writeAddress(names, address, v4);
        check(LibC.bind(fd, base + names, length), "bind " + address);
        localAddress = boundAddress(); // read now: later the name area belongs to the owning thread
        for (int i = 0; i < slots; i++) {
            link(recvHeaders + i * MMSGHDR, recvIovecs + i * IOVEC, recvBuffers + i * MAX_QUERY, MAX_QUERY);
            link(sendHeaders + i * MMSGHDR, sendIovecs + i * IOVEC, sendBuffers + i * MAX_REPLY, 0);
        }
    }

    private void link(int header, int iovec, int buffer, int length) {
        view.putLong(iovec, base + buffer).putLong(iovec + 8, length);
        view.putLong(header + 16, base + iovec).putLong(header + 24, 1);
    }

    /**
     * Waits for at least one datagram and takes every one queued, up to the slots.
     *
     * @return how many arrived; 0 when none did for a while or the socket is closing
     */
    int receive() throws IOException {
        if (closed) {
            return 0; // a shut-down socket "receives" empty datagrams at once, forever
        }
        for (int i = 0; i < slots; i++) {
            int header = recvHeaders + i * MMSGHDR;
            view.putLong(header, base + names + (long) i * NAME)
                    .putInt(header + 8, NAME)
                    .putInt(header + 48, 0);
        }
        staged = 0;
        int n = LibC.recvmmsg(fd, base + recvHeaders, slots, MSG_WAITFORONE, 0);
        if (closed) {
            return 0;
        }
        if (n >= 0) {
            return n;
        }
        int errno = Native.getLastError();
        if (errno == EAGAIN || errno == EINTR || closed) {
            return 0;
        }
        throw new IOException("recvmmsg failed: errno " + errno);
    }

    /** Datagram {@code i} of the last receive; a cut one is reduced to its header. */
    byte[] query(int i) {
        int header = recvHeaders + i * MMSGHDR;
        int length = view.getInt(header + 56);
        if ((view.getInt(header + 48) & MSG_TRUNC) != 0) {
            length = Math.min(length, HEADER_BYTES); // too large to be a query: left to fail parsing
        }
        byte[] query = new byte[length];
        view.get(recvBuffers + i * MAX_QUERY, query);
        return query;
    }

    /** The address datagram {@code i} of the last receive came from. */
    InetAddress source(int i) {
        int name = names + i * NAME;
        byte[] address = (view.getShort(name) & 0xffff) == AF_INET ? new byte[4] : new byte[16];
        view.get(name + (address.length == 4 ? 4 : 8), address);
        try {
            return InetAddress.getByAddress(address); // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Queues a reply to datagram {@code i} of the last receive, sent with the others by {@link #flush()}. */
    void reply(int i, byte[] reply) {
        if (reply.length > MAX_REPLY) {
            throw new IllegalArgumentException("a UDP reply of " + reply.length + " bytes");
        }
        int slot = staged++;
        view.put(sendBuffers + slot * MAX_REPLY, reply);
        view.putLong(sendIovecs + slot * IOVEC + 8, reply.length);
        int header = sendHeaders + slot * MMSGHDR;
        int received = recvHeaders + i * MMSGHDR;
        view.putLong(header, base + names + (long) i * NAME).putInt(header + 8, view.getInt(received + 8));
    }

    /** Sends the queued replies; one the kernel refuses (its client gone, say) is skipped. */
    void flush() {
        int sent = 0;
        while (sent < staged) {
            int n = LibC.sendmmsg(fd, base + sendHeaders + (long) sent * MMSGHDR, staged - sent, 0);
            sent += n > 0 ? n : 1;
        }
        staged = 0;
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    private InetSocketAddress boundAddress() throws IOException {
        view.putInt(names + NAME, NAME);
        check(LibC.getsockname(fd, base + names, base + names + NAME), "getsockname");
        boolean v4 = (view.getShort(names) & 0xffff) == AF_INET;
        byte[] address = new byte[v4 ? 4 : 16];
        view.get(names + (v4 ? 4 : 8), address);
        int port = (view.get(names + 2) & 0xff) << 8 | (view.get(names + 3) & 0xff); // network byte order
        return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }

    /** Ends a receive under way and every later one (shutdown wakes it; the receive timeout backs that up). */
    synchronized void shutdown() {
        closed = true;
        if (!released) {
            LibC.shutdown(fd, SHUT_RDWR);
        }
    }

    /** Call once the owning thread has left {@link #receive()}: a closed descriptor's number is reused. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!released) { // a second close could hit a descriptor number already reused elsewhere
            released = true;
            LibC.close(fd);
            memory.close();
        }
    }

    private int writeAddress(int at, InetSocketAddress address, boolean v4) {
        view.put(at, new byte[NAME]);
        view.putShort(at, (short) (v4 ? AF_INET : AF_INET6));
        view.put(at + 2, (byte) (address.getPort() >> 8)).put(at + 3, (byte) address.getPort());
        view.put(at + (v4 ? 4 : 8), address.getAddress().getAddress());
        return v4 ? 16 : 28;
    }

    private static int check(int result, String call) throws IOException {
        if (result < 0) {
            throw new IOException(call + " failed: errno " + Native.getLastError());
        }
        return result;
    }

    /** libc, mapped directly (no proxy, no argument conversion: addresses are passed as longs). */
    private static final class LibC {
        static final boolean REGISTERED;

        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
            REGISTERED = true;
        }

        static native int socket(int domain, int type, int protocol);

        static native int setsockopt(int fd, int level, int name, long value, int length);

        static native int bind(int fd, long address, int length);

        static native int getsockname(int fd, long address, long length);

        static native int recvmmsg(int fd, long vector, int length, int flags, long timeout);

        static native int sendmmsg(int fd, long vector, int length, int flags);

        static native int shutdown(int fd, int how);

        static native int close(int fd);
    }
}
