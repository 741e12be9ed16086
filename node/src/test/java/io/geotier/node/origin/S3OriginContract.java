package io.geotier.node.origin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restassured.response.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * s3cache's drop-in URLs against a real S3 API: a presigned URL works with only its host swapped
 * for the node's, one copy serves every valid signature, and a stored copy never makes a
 * signature worth more than S3 would make it. Run once with the node holding the key (local
 * checks) and once without (S3 judges).
 */
abstract class S3OriginContract {

    private static final String BUCKET = "podcasts";

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** The path and query of a URL the AWS SDK presigned for S3, which a user sends to the node instead. */
    private static String swapHost(URI presigned) {
        return presigned.getRawPath() + "?" + presigned.getRawQuery();
    }

    private static String presignV4(String key, Duration lifetime) {
        try (S3Presigner presigner = S3TestServer.presigner()) {
            return swapHost(URI.create(presigner
                    .presignGetObject(r -> r.signatureDuration(lifetime)
                            .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
                    .url()
                    .toString()));
        }
    }

    /** A genuine V4 signature made at another time: the SDK's signer with its clock set. */
    private static String signV4At(String key, Instant signedAt, Duration lifetime) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(S3TestServer.endpoint() + "/" + BUCKET + "/" + key))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))
                        .request(request)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, S3TestServer.REGION)
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, lifetime)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request();
        return swapHost(signed.getUri());
    }

    /** S3's old query-string authentication (V2), which the SDK v2 no longer writes: HMAC-SHA1 of the request. */
    private static String signV2(String key, Instant expires) throws Exception {
        String toSign = "GET\n\n\n" + expires.getEpochSecond() + "\n/" + BUCKET + "/" + key;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(S3TestServer.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return "/" + BUCKET + "/" + key + "?AWSAccessKeyId=" + S3TestServer.ACCESS_KEY + "&Expires="
                + expires.getEpochSecond() + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    private static Response get(String pathAndQuery) {
        return given().urlEncodingEnabled(false).redirects().follow(false).get(pathAndQuery);
    }

    private static String stored(int size) {
        String key = "show/" + UUID.randomUUID() + ".mp3";
        S3TestServer.put(BUCKET, key, bytes(size));
        return key;
    }

    @Test
    void aPresignedV4UrlWithTheHostSwappedIsAMissThenAHitForAnotherSignature() throws Exception {
        String key = stored(300_000);
        Response first = get(presignV4(key, Duration.ofMinutes(10)));
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("MISS", first.header("X-Cache"));
        assertArrayEquals(bytes(300_000), first.asByteArray());
        awaitHit(presignV4(key, Duration.ofMinutes(5)));
        Response other = get(signV4At(key, Instant.now().minusSeconds(30), Duration.ofMinutes(3)));
        assertEquals("HIT", other.header("X-Cache"), "one copy for every valid signature");
        assertArrayEquals(bytes(300_000), other.asByteArray());
    }

    @Test
    void expiredTamperedAndForeignSignaturesGet403EvenOnAHit() throws Exception {
        String key = stored(5_000);
        String other = stored(6_000);
        awaitHit(presignV4(key, Duration.ofMinutes(10)));

        String expired = signV4At(key, Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(10));
        assertEquals(403, get(expired).statusCode(), "expired V4");

        String valid = presignV4(key, Duration.ofMinutes(10));
        int at = valid.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        String tampered = valid.substring(0, at) + (valid.charAt(at) == 'a' ? 'b' : 'a') + valid.substring(at + 1);
        Response forged = get(tampered);
        assertEquals(403, forged.statusCode(), "tampered V4");
        assertEquals(403, forged.jsonPath().getInt("status"));

        String othersQuery = presignV4(other, Duration.ofMinutes(10)).split("\\?", 2)[1];
        assertEquals(403, get("/" + BUCKET + "/" + key + "?" + othersQuery).statusCode(), "another key's signature");

        assertEquals(403, get("/" + BUCKET + "/" + key).statusCode(), "no signature for a private object");
        assertEquals(200, get(valid).statusCode(), "the genuine URL still works");
    }

    @Test
    void theOldV2QueryAuthenticationWorksAndIsHeldToTheSameRules() throws Exception {
        String key = stored(7_000);
        String v2 = signV2(key, Instant.now().plus(Duration.ofMinutes(10)));
        Response first = get(v2);
        assertEquals(200, first.statusCode(), first.asString());
        assertArrayEquals(bytes(7_000), first.asByteArray());
        awaitHit(signV2(key, Instant.now().plus(Duration.ofMinutes(11))));
        assertEquals(403, get(signV2(key, Instant.now().minusSeconds(5))).statusCode(), "expired V2");
        String forged = v2.replace("Signature=", "Signature=A");
        assertNotEquals(v2, forged);
        assertEquals(403, get(forged).statusCode(), "tampered V2");
    }

    private static void awaitHit(String pathAndQuery) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Response r;
        do {
            r = get(pathAndQuery);
            if ("HIT".equals(r.header("X-Cache")) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        } while (true);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("HIT", r.header("X-Cache"));
    }
}
