package io.geotier.node.edge;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands {@code geotier.tls.cert} and {@code geotier.tls.key} to Quarkus's TLS registry as its
 * default PEM key store, only when both are given. Quarkus's own names for them carry a map key
 * ({@code quarkus.tls.key-store.pem.0.cert}) that no environment variable can spell, and an
 * empty default in application.properties is refused, so a factory is the one place to do it.
 */
public class TlsFiles implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue cert = context.getValue("geotier.tls.cert");
        ConfigValue key = context.getValue("geotier.tls.key");
        if (!given(cert) && !given(key)) {
            return List.of();
        }
        if (!given(cert) || !given(key)) {
            throw new IllegalArgumentException(
                    "geotier.tls.cert and geotier.tls.key go together: give both or neither");
        }
        Map<String, String> pem = new HashMap<>();
        pem.put("quarkus.tls.key-store.pem.0.cert", cert.getValue());
        pem.put("quarkus.tls.key-store.pem.0.key", key.getValue());
        // Below the sources a user writes to (environment 300, system properties 400), so an
        // explicit quarkus.tls.* setting still wins.
        return List.of(new MapBackedConfigSource("geotier.tls files", pem, 150) {});
    }

    private static boolean given(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
