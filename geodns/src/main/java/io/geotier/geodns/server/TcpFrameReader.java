package io.geotier.geodns.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Takes DNS messages framed for TCP (a two-byte length, then the message; RFC 1035 4.2.2) off one
 * connection through one buffer. A client that pipelines has many queries in each read. After each
 * answer the server calls {@link #takeArrived} and then {@link #hasCompleteFrame}: it holds its
 * replies for one write only while a whole next query is here, so no answer ever waits on bytes a
 * client has not sent yet. Asking the socket after every answer (one FIONREAD) keeps the batches
 * as large as they can be; asking only when the buffer ran dry was measured slower on 2 cores
 * (fewer replies per write, so the client spent more per query), and the ioctl itself did not show
 * in the server's CPU per query.
 */
final class TcpFrameReader {

    static final int BUFFER_BYTES = 16 * 1024;
    private static final int LARGEST_FRAME = 2 + 0xffff;

    private final Socket socket;
    private final InputStream in;
    private byte[] buffer = new byte[BUFFER_BYTES];
    private int start; // first unread byte
    private int end; // one past the last byte read

    TcpFrameReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * The next message, all of whose bytes arrived before the deadline (System.nanoTime() terms),
     * whatever pace they came at. {@code arriving} runs once the first byte of it is here.
     *
     * @throws SocketTimeoutException when the deadline passed first
     * @throws EOFException when the client closed, between messages or within one
     */
    byte[] next(long deadline, Runnable arriving) throws IOException {
        fill(2, deadline, arriving);
        int length = ((buffer[start] & 0xff) << 8) | (buffer[start + 1] & 0xff);
        fill(2 + length, deadline, arriving);
        byte[] message = Arrays.copyOfRange(buffer, start + 2, start + 2 + length);
        start += 2 + length;
        return message;
    }

    /** Whether a whole message is already buffered, so that {@link #next} will not block. */
    boolean hasCompleteFrame() {
        int buffered = end - start;
        return buffered >= 2 && buffered - 2 >= (((buffer[start] & 0xff) << 8) | (buffer[start + 1] & 0xff));
    }

    /**
     * Takes into the buffer what the client has sent already, without waiting for more.
     *
     * @return whether anything came
     */
    boolean takeArrived() throws IOException {
        int waiting = in.available();
        if (waiting <= 0) {
            return false;
        }
        makeRoom(end - start + Math.min(waiting, BUFFER_BYTES));
        int r = in.read(buffer, end, buffer.length - end); // does not block: the bytes are there
        if (r < 0) {
            throw new EOFException();
        }
        end += r;
        return r > 0;
    }

    /** Reads until at least n bytes past start are buffered. */
    private void fill(int n, long deadline, Runnable arriving) throws IOException {
        if (end - start > 0) {
            arriving.run();
        }
        if (end - start >= n) {
            return;
        }
        makeRoom(n);
        while (end - start < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("no complete query within the idle timeout");
            }
            socket.setSoTimeout((int) left);
            int r = in.read(buffer, end, buffer.length - end);
            if (r < 0) {
                throw new EOFException();
            }
            end += r;
            arriving.run();
        }
    }

    /** Moves the unread bytes to the front, and grows the buffer when n bytes would not fit. */
    private void makeRoom(int n) {
        if (start + n <= buffer.length) {
            return;
        }
        int buffered = end - start;
        byte[] target = n > buffer.length ? new byte[Math.min(LARGEST_FRAME, Math.max(n, 2 * buffer.length))] : buffer;
        System.arraycopy(buffer, start, target, 0, buffered);
        buffer = target;
        start = 0;
        end = buffered;
    }
}
