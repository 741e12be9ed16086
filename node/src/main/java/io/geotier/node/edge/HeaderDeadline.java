package io.geotier.node.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not delivered a complete request header within the timeout of
 * opening (TLS handshake included) or of its last response being sent. Sits first in the
 * connection's pipeline, before Vert.x's handlers; once Vert.x has put its HTTP/1 decoder in, a
 * {@link RequestWatch} behind the decoder reports each complete header and each finished response.
 * An HTTP/2 connection (ALPN h2) is left to the idle timeout: its frames are not HTTP/1 headers.
 * All of this runs on the connection's event loop, so the fields need no lock.
 *
 * <p>The timer is lazy, as Netty's IdleStateHandler is: a request and its response only move
 * {@code armedAt} and clear or set {@code armed}; the one scheduled task, when it fires early,
 * schedules itself again for what is left. Scheduling and cancelling a task per request cost a
 * tenth of a small hit's CPU (issue 14's profile).
 */
final class HeaderDeadline extends ChannelInboundHandlerAdapter {

    /** Vert.x's name for the HTTP/1 request decoder it adds (HttpServerWorker). */
    static final String VERTX_DECODER = "httpDecoder";

    private final long timeoutNanos;
    private final GateStats stats;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    /** Whether a header is awaited, and since when (System.nanoTime). */
    private boolean armed;

    private long armedAt;
    private boolean watching;
    private int inFlight;

    HeaderDeadline(long timeoutNanos, GateStats stats) {
        this.timeoutNanos = timeoutNanos;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!watching && armed) {
            watchOnceDecoding(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        armed = false;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        ctx.fireChannelInactive();
    }

    private void watchOnceDecoding(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(VERTX_DECODER) != null) {
            ctx.pipeline().addAfter(VERTX_DECODER, "geotier-request-watch", new RequestWatch());
            watching = true;
        } else if (speaksHttp2(ctx)) {
            disarm();
            watching = true;
        }
    }

    private void arm() {
        armed = true;
        armedAt = System.nanoTime();
        if (deadline == null) {
            schedule(timeoutNanos);
        }
    }

    private void disarm() {
        armed = false; // the scheduled task finds nothing to do (or a later arm) when it fires
    }

    private void schedule(long delayNanos) {
        deadline = ctx.executor().schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        deadline = null;
        if (!armed || !ctx.channel().isActive() || inFlight > 0 || speaksHttp2(ctx)) {
            return; // a request is being answered (its end re-arms), or HTTP/2 frames, not HTTP/1 headers
        }
        long left = armedAt + timeoutNanos - System.nanoTime();
        if (left > 0) {
            schedule(left); // re-armed since this task was scheduled
            return;
        }
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > 0) {
            arm(); // the last response is still going out (a sendfile counts until its last byte left)
            return;
        }
        stats.countHeaderTimeout();
        ctx.close();
    }

    /** After ALPN h2 or an h2c upgrade (whose 101 answer passed the watch as a whole response). */
    private static boolean speaksHttp2(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(Http2ConnectionHandler.class) != null;
    }

    /** Behind the HTTP/1 decoder: sees whole request headers come in and whole responses go out. */
    private final class RequestWatch extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                inFlight++;
                disarm();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                // From when the last byte has left, not when it was queued: a big sendfile may
                // take far longer than the header timeout to reach a slow client.
                ChannelPromise sent = promise.unvoid();
                sent.addListener(f -> responseSent());
                ctx.write(msg, sent);
            } else {
                ctx.write(msg, promise);
            }
        }

        private void responseSent() {
            if (inFlight > 0 && --inFlight == 0) {
                arm();
            }
        }
    }
}
