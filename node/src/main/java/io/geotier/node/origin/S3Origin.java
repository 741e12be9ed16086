package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An S3 origin the node reads with credentials of its own: each fetch goes out with a URL the AWS
 * SDK presigned for the node, addressed path-style or virtual-host style as configured, so a fill
 * never depends on the client's signature (checked before, by {@link S3Access}). The key's first
 * segment is the bucket, as in the client's path-style URL.
 */
final class S3Origin implements Origin, AutoCloseable {

    /** Long enough for any fill to get its response headers; each fetch presigns anew. */
    private static final Duration SIGNATURE_LIFETIME = Duration.ofMinutes(15);

    private final OriginClient http;
    private final S3Presigner presigner;

    S3Origin(OriginClient http, S3Config config) {
        this.http = http;
        this.presigner = S3Presigner.builder()
                .endpointOverride(config.endpoint().orElseThrow())
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        config.accessKeyId().orElseThrow(),
                        config.secretAccessKey().orElseThrow())))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyle())
                        .build())
                .build();
    }

    @Override
    public OriginResponse get(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException {
        BucketKey object = BucketKey.of(key);
        return http.fetch(
                "GET",
                URI.create(presigner
                        .presignGetObject(r -> r.signatureDuration(SIGNATURE_LIFETIME)
                                .getObjectRequest(g -> g.bucket(object.bucket()).key(object.key())))
                        .url()
                        .toString()),
                key,
                headers);
    }

    @Override
    public OriginResponse head(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException {
        BucketKey object = BucketKey.of(key);
        return http.fetch(
                "HEAD",
                URI.create(presigner
                        .presignHeadObject(r -> r.signatureDuration(SIGNATURE_LIFETIME)
                                .headObjectRequest(
                                        h -> h.bucket(object.bucket()).key(object.key())))
                        .url()
                        .toString()),
                key,
                headers);
    }

    /** Where a redirected client goes: S3 itself, path-style, with the client's own signature. */
    @Override
    public URI urlOf(ObjectKey key, String rawQuery) {
        return http.urlOf(key, rawQuery);
    }

    @Override
    public void close() {
        presigner.close();
    }

    /** A key's bucket (its first path segment) and object key (the rest, decoded). */
    record BucketKey(String bucket, String key) {
        static BucketKey of(ObjectKey objectKey) {
            String path = objectKey.path();
            int slash = path.indexOf('/');
            if (slash <= 0 || slash == path.length() - 1) {
                throw new IllegalArgumentException("an S3 object path is /<bucket>/<key>, not /" + path);
            }
            return new BucketKey(decode(path.substring(0, slash)), decode(path.substring(slash + 1)));
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
