package io.geotier.node.edge;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Which TLS implementation the HTTPS port runs on: the JDK's, or BoringSSL through
 * netty-tcnative. Falls back to the JDK's, loudly, when the native library cannot load.
 */
@ApplicationScoped
public class TlsEngine implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(TlsEngine.class);

    @ConfigMapping(prefix = "geotier.tls")
    public interface Config {
        /**
         * {@code openssl} (BoringSSL, bundled for linux-x86_64) or {@code jdk}. BoringSSL is the
         * default: in bench/http/run it served 26% more 4 KiB hits per second than the JDK's TLS
         * at 25% less CPU per request, and 12% more 1 MiB ones.
         */
        @WithDefault("openssl")
        String engine();

        /** The certificate chain, PEM; with {@link #key()} it turns HTTPS on (see {@link TlsFiles}). */
        java.util.Optional<java.nio.file.Path> cert();

        /** Its private key, PEM. */
        java.util.Optional<java.nio.file.Path> key();
    }

    private final Config config;

    TlsEngine(Config config) {
        this.config = config;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        switch (config.engine()) {
            case "jdk" -> options.setSslEngineOptions(new JdkSSLEngineOptions());
            case "openssl" -> {
                if (OpenSSLEngineOptions.isAvailable()) {
                    options.setSslEngineOptions(new OpenSSLEngineOptions().setSessionCacheEnabled(true));
                    LOG.info("HTTPS on BoringSSL (netty-tcnative)");
                } else {
                    LOG.errorf("geotier.tls.engine=openssl but netty-tcnative does not load here;"
                            + " HTTPS runs on the JDK's TLS instead");
                    options.setSslEngineOptions(new JdkSSLEngineOptions());
                }
            }
            default ->
                throw new IllegalArgumentException("geotier.tls.engine must be jdk or openssl, not " + config.engine());
        }
    }
}
