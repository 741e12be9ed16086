package io.geotier.node.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Ends a response the client must see as broken: over HTTP/1 the connection is reset at once,
 * over HTTP/2 the response's stream. Vert.x's
 * {@code connection().close()}, and a plain {@code channel.close()} too (Vert.x's handler in the
 * pipeline turns it into the same thing), close only after pending writes are flushed, so a
 * client that stopped reading would keep the connection, and the bytes queued for it, for ever.
 * So the close starts at the head of the pipeline, past Vert.x's handler, with SO_LINGER 0: what
 * is queued is dropped and the client gets RST. Vert.x still sees the channel go inactive and
 * runs its close handlers. (ConnectionBase is Vert.x 4.5's internal connection type; any other
 * connection falls back to the graceful close.)
 */
final class Cut {

    private Cut() {}

    static void connection(HttpServerRequest request) {
        if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            // One HTTP/2 connection carries other users' streams: only this one is reset
            // (RST_STREAM), and flow control already bounds what is queued for it.
            request.response().reset();
            return;
        }
        if (request.connection() instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            ChannelHandlerContext first = channel.pipeline().firstContext();
            if (first != null) {
                first.close(); // from the first handler's place: straight to the socket
            } else {
                channel.close();
            }
        } else {
            request.connection().close();
        }
    }
}
