package io.geotier.node.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Vert.x's transport (epoll where it is available, else the JDK's) with a {@link ConnectionGate}
 * in front of every connection to the node's HTTP ports (its only Vert.x servers). Vert.x offers no hook on a connection before its first
 * request, and the slow-header and per-network limits must act before it; the transport SPI is
 * where Vert.x hands over each server's bootstrap, after setting its child handler. Vert.x loads
 * it by ServiceLoader when {@code quarkus.vertx.prefer-native-transport} is true (the node's
 * default; {@link EdgeMetrics} complains at start when the gate is missing).
 */
public final class GatedTransport implements Transport {

    private final Transport platform = platformTransport();
    private final GateStats stats = new GateStats();
    private volatile NetworkCounts counts;

    private static Transport platformTransport() {
        Transport epoll = VertxBuilder.nativeTransport();
        return epoll != null && epoll.isAvailable() ? epoll : JDKTransport.INSTANCE;
    }

    public GateStats stats() {
        return stats;
    }

    /** The transport underneath: its name is the one Vert.x would have chosen. */
    public Transport platform() {
        return platform;
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        platform.configure(options, domainSocket, bootstrap);
        if (!domainSocket) { // Vert.x passes a copy as NetServerOptions; the node's only Vert.x servers are HTTP
            ConnectionLimits limits =
                    ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(ConnectionLimits.class);
            bootstrap.childHandler(new ConnectionGate(
                    bootstrap.config().childHandler(),
                    counts(limits),
                    limits.headerTimeout().toNanos(),
                    stats));
        }
    }

    /** One count for all of the node's HTTP ports: a client's cap covers HTTP and HTTPS together. */
    private synchronized NetworkCounts counts(ConnectionLimits limits) {
        if (counts == null) {
            if (limits.ipv4Prefix() < 1
                    || limits.ipv4Prefix() > 32
                    || limits.ipv6Prefix() < 1
                    || limits.ipv6Prefix() > 128
                    || limits.perNetwork() < 0) {
                throw new IllegalArgumentException("geotier.connections: ipv4-prefix must be 1..32, ipv6-prefix 1..128,"
                        + " per-network 0 or more");
            }
            List<ClientNetwork> exempt = limits.exempt().orElse(List.of()).stream()
                    .map(ClientNetwork::parse)
                    .toList();
            counts = new NetworkCounts(limits.perNetwork(), limits.ipv4Prefix(), limits.ipv6Prefix(), exempt);
        }
        return counts;
    }

    @Override
    public boolean supportsDomainSockets() {
        return platform.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
        return platform.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return platform.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return platform.unavailabilityCause();
    }

    @Override
    public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return platform.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
        return platform.convert(address);
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
        return platform.eventLoopGroup(type, threads, factory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
        return platform.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return platform.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return platform.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return platform.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        platform.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, boolean domainSocket, Bootstrap bootstrap) {
        platform.configure(options, domainSocket, bootstrap);
    }
}
