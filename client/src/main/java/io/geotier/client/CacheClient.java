package io.geotier.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a primary web site needs from Geotier: is this object cached, and where to send the user.
 * Answers are remembered (cached ones for the local cache time, not-cached ones for the negative
 * cache time, each bounded in number), so a busy page asks a node about each object at most once
 * per period. A node that fails or does not answer within the timeout counts as "not cached", so
 * the site falls back to the origin and never breaks because the cache is down.
 *
 * <p>{@link #route(String, InetAddress)} is the one call a web view needs. It asks geodns which
 * node is closest to the user (not to the web server), redirects to that node when it holds the
 * object, tries the next node when one fails, and otherwise answers "origin" and asks the node to
 * fetch the object, so the next user is sent to the cache:
 *
 * <pre>{@code
 * CacheClient cdn = CacheClient.builder(URI.create("https://cdn.example.com"))
 *         .steering(URI.create("http://geodns.internal:8053"))
 *         .build();
 * Route route = cdn.route("podcasts/ep42.mp3", InetAddress.getByName(request.getRemoteAddr()));
 * if (route instanceof Route.ToCache cache) {
 *     response.sendRedirect(cache.url().toString());
 * } else {
 *     serveFromOrigin("podcasts/ep42.mp3");
 * }
 * }</pre>
 */
public final class CacheClient {

    /** One question asked of one node. */
    private record Asked(URI node, String key) {}

    /** How long a node that failed is skipped by {@link #route}. */
    private static final Duration FAILED_NODE_SKIPPED = Duration.ofSeconds(5);

    private final URI baseUrl;
    private final Duration localCacheTime;
    private final Duration negativeCacheTime;
    private final NodeCalls calls;
    private final SteeringLookup steering;
    private final Function<SteeredNode, URI> nodeUrl;
    private final Remembered<Asked, Boolean> cached;
    private final Remembered<Asked, Boolean> notCached;
    private final Remembered<Asked, Boolean> syncsAsked;
    private final Remembered<URI, Boolean> failedNodes;

    private CacheClient(Builder b) {
        this.baseUrl = URI.create(b.baseUrl.toString().replaceAll("/+$", ""));
        this.localCacheTime = b.localCacheTime;
        this.negativeCacheTime = b.negativeCacheTime;
        HttpClient http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.calls = new NodeCalls(http, b.timeout);
        this.steering = b.steering == null
                ? null
                : new SteeringLookup(b.steering, http, b.timeout, new Remembered<>(b.maxRemembered, b.clock));
        this.nodeUrl = b.nodeUrl;
        this.cached = new Remembered<>(b.maxRemembered, b.clock);
        this.notCached = new Remembered<>(b.maxRemembered, b.clock);
        this.syncsAsked = new Remembered<>(b.maxRemembered, b.clock);
        this.failedNodes = new Remembered<>(1024, b.clock);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** Whether the cache (at the base URL) holds the object now; never makes it fetch anything. */
    public boolean verify(String key) {
        return held(baseUrl, ObjectKeys.normalise(key)) == NodeCalls.Holding.CACHED;
    }

    /** The URL users download the object from (the base URL, whose name geodns steers). */
    public URI downloadUrl(String key) {
        return NodeCalls.objectUrl(baseUrl, ObjectKeys.normalise(key));
    }

    /**
     * Asks the cache to fetch the object now, in the background; whether it took the request
     * (or has the object fresh already). Forgets what was remembered of the object.
     */
    public boolean requestSync(String key) {
        String k = ObjectKeys.normalise(key);
        forget(k);
        return calls.sync(baseUrl, k).join(); // bounded by the request's timeout; a failure is false
    }

    /** {@link #route(String, InetAddress)} for a user whose address is not known: the base URL's node. */
    public Route route(String key) {
        return route(key, null);
    }

    /**
     * Where to send a user for this object: to the node closest to the user when it holds the
     * object, else to the origin, having asked that node (once per object and node per local
     * cache time) to fetch it. Nodes come from geodns's steering for the user's address when
     * {@link Builder#steering} is set, else the base URL (whose name the user's resolver steers);
     * when one fails or is slow, the next is tried.
     *
     * @param user the end user's address (not the web server's); null when unknown
     */
    public Route route(String key, InetAddress user) {
        String k = ObjectKeys.normalise(key);
        for (URI node : candidates(user)) {
            NodeCalls.Holding holding = held(node, k);
            if (holding == NodeCalls.Holding.CACHED) {
                return new Route.ToCache(NodeCalls.objectUrl(node, k));
            }
            if (holding == NodeCalls.Holding.NOT_CACHED) {
                boolean ask = syncsAsked.putIfAbsent(new Asked(node, k), Boolean.TRUE, localCacheTime);
                if (ask) {
                    calls.sync(node, k);
                }
                return new Route.ToOrigin(ask);
            }
        }
        return new Route.ToOrigin(false);
    }

    /** Forgets what was learnt about one object (from every node), e.g. after asking for its sync. */
    public void forget(String key) {
        String k = ObjectKeys.normalise(key);
        cached.removeIf(a -> a.key().equals(k));
        notCached.removeIf(a -> a.key().equals(k));
    }

    private List<URI> candidates(InetAddress user) {
        List<URI> nodes = new ArrayList<>();
        if (user != null && steering != null) {
            for (SteeredNode node : steering.nodesFor(user)) {
                URI url = URI.create(nodeUrl.apply(node).toString().replaceAll("/+$", ""));
                if (failedNodes.get(url) == null) {
                    nodes.add(url);
                }
            }
        }
        if (nodes.isEmpty()) {
            nodes.add(baseUrl);
        }
        return nodes;
    }

    private NodeCalls.Holding held(URI node, String key) {
        Asked asked = new Asked(node, key);
        if (cached.get(asked) != null) {
            return NodeCalls.Holding.CACHED;
        }
        if (notCached.get(asked) != null) {
            return NodeCalls.Holding.NOT_CACHED;
        }
        NodeCalls.Holding holding = calls.ask(node, key);
        switch (holding) {
            case CACHED -> cached.put(asked, Boolean.TRUE, localCacheTime);
            case NOT_CACHED -> notCached.put(asked, Boolean.TRUE, negativeCacheTime);
            case FAILED -> failedNodes.put(node, Boolean.TRUE, FAILED_NODE_SKIPPED);
        }
        return holding;
    }

    /** Settings of a client; only the base URL is required. */
    public static final class Builder {
        private final URI baseUrl;
        private URI steering;
        private Function<SteeredNode, URI> nodeUrl = SteeredNode::url;
        private Duration localCacheTime = Duration.ofMinutes(1);
        private Duration negativeCacheTime = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofMillis(500);
        private long maxRemembered = 100_000;
        private InstantSource clock = InstantSource.system();

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("base URL needs a scheme and a host: " + baseUrl);
            }
        }

        /** geodns's admin URL (e.g. {@code http://geodns.internal:8053}): route users by their own address. */
        public Builder steering(URI geodnsAdmin) {
            this.steering = Objects.requireNonNull(geodnsAdmin);
            return this;
        }

        /**
         * The base URL users reach a steered node at (default: the address the node registered).
         * With HTTPS, give each node a name its certificate carries, e.g.
         * {@code n -> URI.create("https://" + n.name() + ".cdn.example.com")}.
         */
        public Builder nodeUrl(Function<SteeredNode, URI> nodeUrl) {
            this.nodeUrl = Objects.requireNonNull(nodeUrl);
            return this;
        }

        /** How long a "cached" answer is reused, and how often one object's sync is asked at most (default 1 minute). */
        public Builder localCacheTime(Duration time) {
            this.localCacheTime = Objects.requireNonNull(time);
            return this;
        }

        /** How long a "not cached" answer is reused (default 10 s: a synced object is sent to the cache soon). */
        public Builder negativeCacheTime(Duration time) {
            this.negativeCacheTime = Objects.requireNonNull(time);
            return this;
        }

        /** How long to wait for a node or geodns before counting it as "not cached" (default 500 ms). */
        public Builder timeout(Duration time) {
            this.timeout = Objects.requireNonNull(time);
            return this;
        }

        /** How many answers of each kind to remember at most (default 100 000). */
        public Builder maxRemembered(long count) {
            this.maxRemembered = count;
            return this;
        }

        /** The clock answers expire by (tests). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public CacheClient build() {
            return new CacheClient(this);
        }
    }
}
