package io.geotier.node.origin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presigned-URL parameters of a request's query, as S3 reads them: SigV4's {@code X-Amz-*}, or
 * the old V2 {@code AWSAccessKeyId}/{@code Expires}/{@code Signature}, or none (an unsigned request).
 *
 * @param others every other query parameter, decoded, in the order sent: they are part of what a
 *               V4 signature covers
 */
record Presigned(
        Version version,
        String accessKeyId,
        String scopeRegion,
        Instant signedAt,
        Instant expiresAt,
        String signedHeaders,
        boolean sessionToken,
        String signature,
        Map<String, String> others) {

    enum Version {
        NONE,
        V2,
        V4
    }

    /** The longest a V4 presigned URL may live (seven days), as S3 enforces. */
    static final long MAX_V4_EXPIRES_SECONDS = 604_800;

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Reads the query; a signature that is present but malformed is refused as S3 would refuse it. */
    static Presigned parse(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    String[] nv = pair.split("=", 2);
                    params.putIfAbsent(decode(nv[0]), nv.length > 1 ? decode(nv[1]) : "");
                }
            }
        }
        if (params.containsKey("X-Amz-Signature")) {
            return v4(params);
        }
        if (params.containsKey("Signature")) {
            return v2(params);
        }
        return new Presigned(Version.NONE, null, null, null, null, null, false, null, params);
    }

    private static Presigned v4(Map<String, String> params) {
        String[] credential = required(params, "X-Amz-Credential").split("/");
        if (!"AWS4-HMAC-SHA256".equals(params.get("X-Amz-Algorithm"))
                || credential.length != 5
                || !"aws4_request".equals(credential[4])) {
            throw new AccessDeniedException("malformed SigV4 presigned query");
        }
        Instant signedAt;
        long expires;
        try {
            signedAt = LocalDateTime.parse(required(params, "X-Amz-Date"), AMZ_DATE)
                    .toInstant(ZoneOffset.UTC);
            expires = Long.parseLong(required(params, "X-Amz-Expires"));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new AccessDeniedException("malformed X-Amz-Date or X-Amz-Expires");
        }
        if (expires < 1 || expires > MAX_V4_EXPIRES_SECONDS) {
            throw new AccessDeniedException("X-Amz-Expires must be between 1 and " + MAX_V4_EXPIRES_SECONDS);
        }
        Map<String, String> others = new LinkedHashMap<>(params);
        others.keySet().removeIf(n -> n.startsWith("X-Amz-") && !n.equals("X-Amz-Security-Token"));
        return new Presigned(
                Version.V4,
                credential[0],
                credential[2],
                signedAt,
                signedAt.plus(Duration.ofSeconds(expires)),
                required(params, "X-Amz-SignedHeaders"),
                params.containsKey("X-Amz-Security-Token"),
                params.get("X-Amz-Signature"),
                others);
    }

    private static Presigned v2(Map<String, String> params) {
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(required(params, "Expires")));
        } catch (NumberFormatException e) {
            throw new AccessDeniedException("malformed Expires");
        }
        return new Presigned(
                Version.V2,
                required(params, "AWSAccessKeyId"),
                null,
                null,
                expiresAt,
                null,
                params.containsKey("x-amz-security-token"),
                params.get("Signature"),
                Map.of());
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new AccessDeniedException("presigned query lacks " + name);
        }
        return value;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AccessDeniedException("malformed percent-encoding in the presigned query");
        }
    }
}
