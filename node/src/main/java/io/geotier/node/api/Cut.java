package io.geotier.node.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Ends a response the client must see as broken: the connection is reset at once. Vert.x's
 * {@code connection().close()} closes only after pending writes are flushed, so a client that
 * stopped reading would keep the connection, and the bytes queued for it, for ever. Closing the
 * Netty channel with SO_LINGER 0 drops what is queued and sends RST. (ConnectionBase is Vert.x
 * 4.5's internal connection type; any other connection falls back to the graceful close.)
 */
final class Cut {

    private Cut() {
    }

    static void connection(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        } else {
            request.connection().close();
        }
    }
}
