package io.geotier.node.origin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a SigV4 presigned URL with the node's own credentials, without asking S3: the AWS SDK
 * signs the same request at the same instant for the same lifetime, and the two signatures are
 * compared in constant time. Only for URLs this check can reproduce: signed with the node's own
 * key, covering the Host header alone, with no session token; {@link #canCheck} says which.
 */
final class SigV4Check {

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final URI endpoint;

    SigV4Check(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
    }

    boolean canCheck(Presigned p) {
        return p.version() == Presigned.Version.V4
                && credentials.accessKeyId().equals(p.accessKeyId())
                && "host".equals(p.signedHeaders())
                && !p.sessionToken();
    }

    /** Whether S3 would take this signature for a GET of {@code encodedPath} at the endpoint. */
    boolean valid(Presigned p, String encodedPath) {
        if (!region.equals(p.scopeRegion())) {
            return false; // S3 refuses a signature scoped to another region
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(endpoint.toString().replaceAll("/+$", "") + "/" + encodedPath));
        p.others().forEach(request::appendRawQueryParameter);
        SdkHttpRequest signed = signer.sign(r -> r.identity(credentials)
                        .request(request.build())
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, p.scopeRegion())
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(
                                AwsV4FamilyHttpSigner.EXPIRATION_DURATION,
                                Duration.between(p.signedAt(), p.expiresAt()))
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(p.signedAt(), ZoneOffset.UTC)))
                .request();
        String expected =
                signed.firstMatchingRawQueryParameter("X-Amz-Signature").orElse("");
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), p.signature().getBytes(StandardCharsets.US_ASCII));
    }
}
