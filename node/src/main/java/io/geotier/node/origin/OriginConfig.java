package io.geotier.node.origin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The origin this node caches: an HTTP server, or an S3 endpoint ({@link S3Config}). */
@ConfigMapping(prefix = "geotier.origin")
public interface OriginConfig {

    /** Base URL of an HTTP origin; an object's key is appended to its path (http://origin:8000/media + /a.mp3). */
    Optional<URI> url();

    /** An S3 origin instead of {@link #url()}. */
    S3Config s3();

    /** The URL keys are appended to: the S3 endpoint (path-style: the key's first segment is the bucket) or the URL. */
    default URI base() {
        return s3().endpoint()
                .or(this::url)
                .orElseThrow(() -> new IllegalStateException(
                        "no origin: set geotier.origin.url (GEOTIER_ORIGIN_URL) for an HTTP origin"
                                + " or geotier.origin.s3.endpoint (GEOTIER_ORIGIN_S3_ENDPOINT) for an S3 origin"));
    }

    /** Time allowed to open a connection to the origin. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Time allowed until the origin's response headers arrive; past it a stale copy or a 504 is served. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * Whether an origin's redirect (301, 302, 303, 307, 308) is followed. Off by default: a
     * redirect is then a 502, never a fetch from wherever the origin points (an origin pointing at
     * 127.0.0.1:11222 would otherwise have the node fetch, store and serve Infinispan's REST API).
     */
    @WithDefault("false")
    boolean followRedirects();

    /**
     * The hosts (host or host:port) a followed redirect may lead to; without any, only the
     * origin's own host and port.
     */
    Optional<List<String>> redirectHosts();
}
