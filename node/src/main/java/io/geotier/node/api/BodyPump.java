package io.geotier.node.api;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Sends a response body made of literal buffers and byte ranges of a source that may still be
 * growing (a fill in flight), on the request's event loop. It waits for the client (write queue
 * full, then drain) and for the source (no bytes yet, then its callback), so a slow client never
 * holds a fill back and a fast one never busy-waits. A source that breaks off, or ends short of a
 * range, resets the connection: the client must see a cut, never a short body presented as whole.
 */
final class BodyPump {

    private static final int CHUNK = 64 * 1024;

    /** Where the bytes come from. */
    interface Source {
        /** Bytes readable right now, from position 0. */
        long available();

        int read(ByteBuffer target, long position) throws IOException;

        /** Calls back, on any thread, once more than {@code position} bytes are available or the source ended. */
        void whenBeyond(long position, Runnable callback);

        /** True once no more bytes will come and the source is whole. */
        boolean complete();

        /** True once the source broke off. */
        boolean failed();

        /** Called once when the pump is done with the source, however it ended. */
        void close();
    }

    /** A piece of the body. */
    sealed interface Part {}

    record Literal(Buffer buffer) implements Part {}

    /** Bytes [from, to) of the source; to = -1 means until the source completes. */
    record Bytes(long from, long to) implements Part {}

    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Source source;
    private final List<Part> parts;
    private final LongConsumer sent;
    private int index;
    private long position = -1;
    private boolean finished;

    BodyPump(Context context, HttpServerRequest request, Source source, List<Part> parts, LongConsumer sent) {
        this.context = context;
        this.request = request;
        this.response = request.response();
        this.source = source;
        this.parts = parts;
        this.sent = sent;
    }

    void start() {
        response.closeHandler(v -> finish());
        pump();
    }

    private void pump() {
        if (finished) {
            return;
        }
        if (response.closed()) {
            finish();
            return;
        }
        try {
            while (index < parts.size()) {
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> {
                        response.drainHandler(null);
                        pump();
                    });
                    return;
                }
                Part part = parts.get(index);
                if (part instanceof Literal literal) {
                    response.write(literal.buffer());
                    sent.accept(literal.buffer().length());
                    index++;
                } else if (!sendSome((Bytes) part)) {
                    return;
                }
            }
            response.end();
            finish();
        } catch (IOException | RuntimeException e) {
            abort();
        }
    }

    /** Sends what is available of a range; false when it must wait (or aborted). */
    private boolean sendSome(Bytes range) throws IOException {
        if (position < 0) {
            position = range.from();
        }
        boolean untilEnd = range.to() < 0;
        if (source.failed()) {
            abort();
            return false;
        }
        long available = source.available();
        if (!untilEnd && position >= range.to() || untilEnd && position >= available && source.complete()) {
            index++;
            position = -1;
            return true;
        }
        if (position >= available) {
            if (source.complete()) {
                abort(); // the source ended before the range did
            } else {
                long waitingAt = position;
                source.whenBeyond(waitingAt, () -> context.runOnContext(v -> pump()));
            }
            return false;
        }
        long end = untilEnd ? available : Math.min(range.to(), available);
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end - position));
        while (chunk.hasRemaining()) {
            if (source.read(chunk, position + chunk.position()) < 0) {
                throw new IOException("source shorter than announced");
            }
        }
        chunk.flip();
        response.write(Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(chunk)));
        sent.accept(chunk.limit());
        position += chunk.limit();
        return true;
    }

    private void abort() {
        finish();
        Cut.connection(request);
    }

    private void finish() {
        if (!finished) {
            finished = true;
            source.close();
        }
    }
}
