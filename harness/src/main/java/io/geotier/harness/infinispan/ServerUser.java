package io.geotier.harness.infinispan;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A user of a server's properties realm, with the role it is granted. {@link #toString()} leaves
 * the password out, so a user logged by mistake gives nothing away.
 *
 * @param role "application" for nodes (caches only), "admin" for operators
 */
public record ServerUser(String name, String password, String role) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user with a fresh random password (24 bytes, URL-safe Base64). */
    public static ServerUser generated(String name, String role) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return new ServerUser(name, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), role);
    }

    @Override
    public String toString() {
        return "ServerUser[" + name + ", role " + role + "]";
    }
}
