package io.geotier.node.origin;

import io.geotier.harness.net.FreePorts;
import io.geotier.harness.s3.S3Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real S3 API server (s3proxy) as the node's origin. With the argument {@code credentials=true}
 * the node gets the server's key (it checks signatures itself and signs its own fills); without,
 * it has none and S3 judges every signature.
 */
public class S3TestServer implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "AKIAGEOTIERTEST00001";
    public static final String SECRET_KEY = "geotier/test/secret/key/000000000000000";
    public static final String REGION = "us-east-1";
    private static S3Server server;
    private boolean nodeHasCredentials;

    @Override
    public void init(Map<String, String> args) {
        nodeHasCredentials = Boolean.parseBoolean(args.getOrDefault("credentials", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = S3Server.start(Files.createTempDirectory("geotier-s3"), FreePorts.tcp(), ACCESS_KEY, SECRET_KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("geotier.origin.s3.endpoint", server.endpoint().toString());
        config.put("geotier.origin.s3.region", REGION);
        if (nodeHasCredentials) {
            config.put("geotier.origin.s3.access-key-id", ACCESS_KEY);
            config.put("geotier.origin.s3.secret-access-key", SECRET_KEY);
        }
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    static URI endpoint() {
        return server.endpoint();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A client of the real server, as the object's owner uses it. */
    static S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    static S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    static void put(String bucket, String key, byte[] bytes) {
        try (S3Client s3 = client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("audio/mpeg"), RequestBody.fromBytes(bytes));
        }
    }
}
