package io.geotier.node.origin;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An S3 (or S3-compatible) origin, s3cache's drop-in URL scheme: a client takes a URL for
 * {@code https://<endpoint>/<bucket>/<key>?<presigned query>}, swaps the host for the node's, and
 * gets the same object. The node holds one copy per object whatever the signature, and answers
 * each request only as S3 would: an expired, forged or foreign signature gets 403, stored or not.
 */
public interface S3Config {

    /** The S3 endpoint (https://s3.eu-west-1.amazonaws.com); set, it makes the origin an S3 one. */
    Optional<URI> endpoint();

    /** The region signatures are scoped to. */
    @WithDefault("us-east-1")
    String region();

    /**
     * How the node addresses the bucket on fetches made with its own credentials: path-style
     * (endpoint/bucket/key) or virtual-host style (bucket.endpoint/key). Clients' own signatures are
     * always forwarded path-style, the form of the URL they swapped the host of.
     */
    @WithDefault("true")
    boolean pathStyle();

    /** The node's own access key id; with the secret, signatures are checked locally and fills signed by the node. */
    Optional<String> accessKeyId();

    /** The node's own secret access key. */
    Optional<String> secretAccessKey();

    /** How long the origin's verdict on an unsigned request for a key is kept (whether the object is public). */
    @WithDefault("60s")
    Duration anonymousVerdictTtl();

    /** Distinct signatures whose verdict is remembered (each until the signature's own expiry). */
    @WithDefault("100000")
    long verdictCacheSize();

    /** Whether the node has credentials of its own. */
    default boolean hasCredentials() {
        return accessKeyId().filter(s -> !s.isBlank()).isPresent()
                && secretAccessKey().filter(s -> !s.isBlank()).isPresent();
    }
}
