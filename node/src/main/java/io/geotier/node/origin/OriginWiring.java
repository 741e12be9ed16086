package io.geotier.node.origin;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** Chooses the origin's kind once, from configuration: plain HTTP, or S3 with or without the node's own credentials. */
public class OriginWiring {

    @Produces
    @Singleton
    Origin origin(OriginConfig config, OriginClient http) {
        if (config.s3().endpoint().isPresent() && config.s3().hasCredentials()) {
            return new S3Origin(http, config.s3());
        }
        config.base(); // fails the start with a clear message when no origin is configured
        return http;
    }

    void closeOrigin(@Disposes Origin origin) throws Exception {
        if (origin instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    AccessCheck access(OriginConfig config, OriginClient http, InstantSource clock) {
        S3Config s3 = config.s3();
        if (s3.endpoint().isEmpty()) {
            return AccessCheck.OPEN;
        }
        SigV4Check local = s3.hasCredentials()
                ? new SigV4Check(
                        s3.endpoint().get(),
                        s3.region(),
                        s3.accessKeyId().get(),
                        s3.secretAccessKey().get())
                : null;
        return new S3Access(http, local, s3, clock);
    }

    void closeAccess(@Disposes AccessCheck access) throws Exception {
        if (access instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
