package io.geotier.harness.infinispan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The key pair the sites' TLS bridge authenticates with: made once per run by the JDK's keytool,
 * self-signed, serving as key store and trust store of every site, so only servers given this
 * file can join the bridge. Its password is generated and kept beside it, readable by the owner.
 */
public final class BridgeKeystore {

    static final String FILE = "bridge.p12";
    static final String PASSWORD_FILE = "bridge.password";

    private BridgeKeystore() {}

    /** The key store under {@code dir}, made if missing (a restarted site must keep the old one). */
    public static CrossSiteKey ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve(FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            return new CrossSiteKey(keystore, Files.readString(passwordFile).strip());
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.deleteIfExists(keystore);
        run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "geotier-bridge",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=geotier-bridge",
                        "-validity",
                        "3650",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass:env",
                        "GEOTIER_BRIDGE_PASSWORD",
                        "-keypass:env",
                        "GEOTIER_BRIDGE_PASSWORD"),
                password);
        ServerRoot.writePrivate(passwordFile, password + "\n");
        return new CrossSiteKey(keystore, password);
    }

    /** A key store and its password. */
    public record CrossSiteKey(Path keystore, String password) {}

    private static void run(List<String> command, String password) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The password travels by environment, never on a command line others can read.
        builder.environment().put("GEOTIER_BRIDGE_PASSWORD", password);
        Process keytool = builder.start();
        try {
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the bridge key", e);
        }
    }
}
