package io.geotier.geodns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything geodns is told; each group is documented in geodns/README.md. */
@ConfigMapping(prefix = "geodns")
public interface GeodnsConfig {

    /** Where DNS is served (UDP and TCP on the same port). */
    Dns dns();

    /** The zone served with authority. */
    ZoneSettings zone();

    /** How clients are located and answered. */
    Steering steering();

    /** How node health is probed. */
    Health health();

    /** The cache nodes configured here, by node name (more come from the registry when it is on). */
    Map<String, Node> nodes();

    /** The cluster's node registry in Infinispan, followed as it changes. */
    Registry registry();

    interface Registry {
        /**
         * Follow the registry (quarkus.infinispan-client.* say where and as whom): nodes that
         * register are answered without a config change, and drains are kept there.
         */
        @WithDefault("false")
        boolean enabled();

        /** A full read of the registry every so often, beside the listener: repairs any missed event. */
        @WithDefault("30s")
        Duration resync();

        /** The readiness path probed on a registered node's first address. */
        @WithDefault("/q/health/ready")
        String healthPath();

        /**
         * Probe registered nodes over HTTPS (those that advertise an HTTPS port), checking each
         * certificate against this name (the name users download from, which every node's
         * certificate carries) instead of the address dialled. Unset: probes use HTTP.
         */
        Optional<String> tlsName();

        /** PEM certificates of the authorities that sign node certificates; unset: the JDK's trust store. */
        Optional<java.nio.file.Path> tlsTrust();

        /**
         * A file that keeps the registry as last read (rewritten at every full read), so that a
         * geodns restarted while its site is away still knows the nodes; unset: nothing is kept.
         */
        Optional<java.nio.file.Path> lastView();
    }

    /** Online DNSSEC signing of the zone (off unless a key file is given). */
    Dnssec dnssec();

    interface Dnssec {
        /**
         * The combined signing key: a PEM file (PKCS#8 private key and its public key, as
         * {@code keygen} writes) or BIND's {@code K*.private} with its {@code .key} beside it.
         * Watched and reloaded on change; unset: the zone is served unsigned.
         */
        Optional<Path> keyFile();

        /**
         * Further key files (same forms) whose DNSKEY is published beside the signing key's but
         * which sign nothing: the incoming key of a pre-publish rollover, or the outgoing one.
         */
        Optional<List<Path>> publishedKeys();

        /** How long each signature is valid. */
        @WithDefault("14d")
        Duration signatureValidity();

        /** A signature is replaced before less than this is left of it. */
        @WithDefault("36h")
        Duration signatureRefresh();

        /** Inception is set this far back, for resolvers whose clocks run behind. */
        @WithDefault("90m")
        Duration inceptionBackdate();
    }

    /** Who may change node state over HTTP. */
    Admin admin();

    /** Response rate limiting of UDP answers, per client network. */
    Rrl rrl();

    interface Rrl {
        /**
         * Response bytes per second per client /24 (IPv4) or /56 (IPv6) and response identity (an
         * answer's name, type and ECS subnet; a negative answer's rcode); 0 turns limiting off.
         */
        @WithDefault("262144")
        long bytesPerSecond();

        /** Response bytes per second per client network, all identities together; 0 for no such cap. */
        @WithDefault("8388608")
        long networkBytesPerSecond();

        /** Every slip-th limited response is sent empty with TC set, so real clients retry over TCP; 0 drops all. */
        @WithDefault("2")
        int slip();

        /** Client networks never limited (CIDRs), e.g. your own resolvers. */
        Optional<List<String>> exempt();
    }

    interface Admin {
        /** Bearer token for PUT/DELETE /nodes/{name}/drain; without one, those are refused. */
        Optional<String> token();
    }

    interface Dns {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("5353")
        int port();

        /** UDP threads, each with its own socket on the port (SO_REUSEPORT when more than one). */
        @WithDefault("2")
        int udpThreads();

        /**
         * The most UDP datagrams a thread reads, and replies it sends, per system call (Linux's
         * recvmmsg/sendmmsg); 0 for the JDK's DatagramChannel, one per call (used anyway where
         * those calls are missing).
         */
        @WithDefault("32")
        int udpBatch();

        /** A TCP connection with no complete query for this long is closed. */
        @WithDefault("10s")
        Duration tcpIdleTimeout();

        /**
         * At start, how long DNS stays unbound while geodns reads the registry (when it follows
         * one) and probes every node once; after it, DNS serves what is known by then.
         */
        @WithDefault("10s")
        Duration startupWait();
    }

    interface ZoneSettings {
        /** The zone apex. */
        @WithDefault("geotier.test.")
        String name();

        /**
         * A zone file (RFC 1035 master format) with the SOA, NS and any static records; watched and
         * reloaded on change. Without one the zone is built from the keys below.
         */
        Optional<Path> file();

        /** Name of the primary name server (relative to the zone unless it ends with a dot). */
        @WithDefault("ns1")
        String nameServer();

        /** Address of the primary name server, served as its A record. */
        @WithDefault("127.0.0.1")
        String nameServerAddress();

        /** SOA RNAME: the zone's contact mailbox, as a DNS name. */
        @WithDefault("hostmaster")
        String hostmaster();

        /** SOA serial. */
        @WithDefault("1")
        long serial();

        /** SOA minimum: also the TTL of negative answers (RFC 2308). */
        @WithDefault("60s")
        Duration negativeTtl();

        /** TTL of the SOA, NS and glue records. */
        @WithDefault("3600s")
        Duration ttl();
    }

    interface Steering {
        /** The steered name, relative to the zone. */
        @WithDefault("cdn")
        String name();

        /** TTL of steered answers. */
        @WithDefault("30s")
        Duration ttl();

        /** MaxMind GeoIP2/GeoLite2 City database; without one only coverage zones locate clients. */
        Optional<Path> geoipDatabase();

        /** Coverage-zone file: lines of "CIDR region"; the longest matching prefix wins over GeoIP. */
        Optional<Path> coverageZones();

        /** Region answered for clients that neither a coverage zone nor GeoIP can place. */
        Optional<String> defaultRegion();

        /** Nodes per answer, all from the nearest region that has any available. */
        @WithDefault("1")
        int answers();

        /** Answered when no node is available: an address, or a name served as CNAME (e.g. the origin). */
        Optional<String> fallback();

        /**
         * A region whose egress (as its nodes report it to the registry) passes this share of its
         * capacity starts sending part of its clients to the next closest region.
         */
        @WithDefault("0.85")
        double shedStart();

        /** ... and stops once its egress falls below this share (the hysteresis band lies between). */
        @WithDefault("0.70")
        double shedStop();
    }

    interface Health {
        /** Time between probes of one node. */
        @WithDefault("1s")
        Duration interval();

        /** A probe with no answer within this time counts as failed. */
        @WithDefault("800ms")
        Duration timeout();

        /** Consecutive good probes that bring a down node back. */
        @WithDefault("3")
        int rise();

        /** Consecutive failed probes that take an up node out. */
        @WithDefault("2")
        int fall();
    }

    interface Node {
        String region();

        /** The IPv4 or IPv6 address answered for this node. */
        String address();

        /** A second address, IPv6, for a dual-stack node: answered as AAAA beside the A record. */
        Optional<String> address6();

        double latitude();

        double longitude();

        /** The node's readiness URL; defaults to http://address:8080/q/health/ready. */
        Optional<URI> healthUrl();

        /** Share of its region's answers, by capacity. */
        @WithDefault("100")
        int weight();
    }
}
