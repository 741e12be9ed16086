package io.geotier.node.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;

/**
 * The first handler of every accepted HTTP connection: refuses a connection past its network's
 * cap (closed at once, before a byte is read) and puts a {@link HeaderDeadline} in front of
 * Vert.x's own initializer, which then builds the HTTP pipeline as it always does.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInitializer<Channel> {

    private final ChannelHandler vertxInitializer;
    private final NetworkCounts counts;
    private final long headerTimeoutNanos;
    private final GateStats stats;

    ConnectionGate(ChannelHandler vertxInitializer, NetworkCounts counts, long headerTimeoutNanos, GateStats stats) {
        this.vertxInitializer = vertxInitializer;
        this.counts = counts;
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.stats = stats;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            ClientNetwork network = counts.networkOf(remote.getAddress());
            if (network != null) {
                if (!counts.admit(network)) {
                    stats.countRefusal();
                    channel.close();
                    return;
                }
                channel.closeFuture().addListener(f -> counts.release(network));
            }
        }
        stats.opened();
        channel.closeFuture().addListener(f -> stats.closed());
        if (headerTimeoutNanos > 0) {
            channel.pipeline().addLast("geotier-header-deadline", new HeaderDeadline(headerTimeoutNanos, stats));
        }
        channel.pipeline().addLast(vertxInitializer);
    }
}
