package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Framing over a real loopback connection: whole, split, pipelined, oversized and cut-off messages. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpFrameReaderTest {

    private ServerSocket listener;
    private Socket client;
    private Socket served;
    private OutputStream out;
    private TcpFrameReader frames;
    private final AtomicInteger arrivals = new AtomicInteger();
    private final Runnable arriving = arrivals::incrementAndGet;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        served = listener.accept();
        out = client.getOutputStream();
        frames = new TcpFrameReader(served);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        served.close();
        listener.close();
    }

    private static long in(long millis) {
        return System.nanoTime() + millis * 1_000_000L;
    }

    private static byte[] message(int length, int seed) {
        byte[] m = new byte[length];
        new Random(seed).nextBytes(m);
        return m;
    }

    private static byte[] framed(byte[]... messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            bytes.write(m.length >> 8);
            bytes.write(m.length);
            bytes.writeBytes(m);
        }
        return bytes.toByteArray();
    }

    @Test
    void pipelinedMessagesComeOutInOrderAndTheLastIsNotReportedAsWaiting() throws IOException {
        byte[] a = message(30, 1);
        byte[] b = message(0, 2);
        byte[] c = message(500, 3);
        out.write(framed(a, b, c));
        out.flush();
        assertArrayEquals(a, frames.next(in(2000), arriving));
        assertArrayEquals(b, frames.next(in(2000), arriving));
        // c is on its way or already buffered; once taken, nothing is left.
        assertArrayEquals(c, frames.next(in(2000), arriving));
        assertFalse(frames.hasCompleteFrame());
        assertTrue(arrivals.get() > 0);
    }

    @Test
    void aPartlyArrivedMessageIsNotComplete() throws Exception {
        byte[] a = message(40, 4);
        byte[] b = message(40, 5);
        byte[] wire = framed(a, b);
        out.write(wire, 0, wire.length - 10);
        out.flush();
        assertArrayEquals(a, frames.next(in(2000), arriving));
        assertFalse(frames.hasCompleteFrame(), "ten bytes of b are still missing");
        out.write(wire, wire.length - 10, 10);
        out.flush();
        assertArrayEquals(b, frames.next(in(2000), arriving));
    }

    @Test
    void aMessageTricklingInByteByByteIsReassembled() throws Exception {
        byte[] a = message(64, 6);
        byte[] wire = framed(a);
        Thread writer = new Thread(() -> {
            try {
                for (byte x : wire) {
                    out.write(x);
                    out.flush();
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                // the test fails on the reading side
            }
        });
        writer.start();
        assertArrayEquals(a, frames.next(in(5000), arriving));
        writer.join();
    }

    @Test
    void theLargestMessageFitsAfterSmallOnes() throws IOException {
        byte[] small = message(100, 7);
        byte[] largest = message(0xffff, 8);
        byte[] wire = framed(small, largest, small);
        Thread writer = new Thread(() -> {
            try {
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                // the test fails on the reading side
            }
        });
        writer.start();
        assertArrayEquals(small, frames.next(in(5000), arriving));
        assertArrayEquals(largest, frames.next(in(5000), arriving));
        assertArrayEquals(small, frames.next(in(5000), arriving));
    }

    @Test
    void aMessageNotCompleteByTheDeadlineTimesOut() throws IOException {
        byte[] wire = framed(message(50, 9));
        out.write(wire, 0, 20);
        out.flush();
        assertThrows(SocketTimeoutException.class, () -> frames.next(in(200), arriving));
        assertTrue(arrivals.get() > 0, "the bytes that did arrive made the connection busy");
    }

    @Test
    void aClientClosingWithinAMessageEndsIt() throws IOException {
        out.write(framed(message(50, 10)), 0, 20);
        client.shutdownOutput();
        assertThrows(EOFException.class, () -> frames.next(in(2000), arriving));
    }

    @Test
    void nothingArrivingIsNotBusy() {
        assertThrows(SocketTimeoutException.class, () -> frames.next(in(100), arriving));
        assertTrue(arrivals.get() == 0);
    }
}
