package io.geotier.node.admin;

import io.geotier.node.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin token, held as its SHA-256 digest. Offers are compared digest to digest with
 * {@link MessageDigest#isEqual}, so neither the time taken nor an early exit tells a caller how
 * much of a guess was right, not even its length. (Application-scoped, so it is built at first
 * use, after the runtime configuration is known: JAX-RS providers are created earlier.)
 */
@ApplicationScoped
public class AdminToken {

    private final Optional<byte[]> expected;

    public AdminToken(AdminConfig config) {
        this.expected = config.token().filter(t -> !t.isBlank()).map(Sha256::of);
    }

    /** Whether the admin calls are on at all. */
    public boolean configured() {
        return expected.isPresent();
    }

    public boolean matches(String offered) {
        byte[] digest = Sha256.of(offered == null ? "" : offered);
        return expected.isPresent() && MessageDigest.isEqual(expected.get(), digest);
    }
}
