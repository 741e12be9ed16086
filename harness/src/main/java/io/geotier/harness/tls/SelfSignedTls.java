package io.geotier.harness.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for a DNS name, made by the openssl command (as an operator would, or
 * cert-manager for a test issuer), for tests that need a real TLS server: PEM files for whoever
 * trusts it, and a server-side TLS context.
 *
 * @param cert the certificate (PEM): give it as the trust of a client
 */
public record SelfSignedTls(Path cert, Path key, Path pkcs12) {

    private static final char[] PASSWORD = "geotier-test".toCharArray();

    /** A certificate naming {@code dnsName} (subject alternative name) in {@code dir}. */
    public static SelfSignedTls make(Path dir, String dnsName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Path pkcs12 = dir.resolve("tls.p12");
        writePem(dir, dnsName, "DNS:" + dnsName);
        run(List.of(
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                cert.toString(),
                "-inkey",
                key.toString(),
                "-out",
                pkcs12.toString(),
                "-passout",
                "pass:" + new String(PASSWORD)));
        return new SelfSignedTls(cert, key, pkcs12);
    }

    /** A TLS context serving this certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Writes a self-signed ECDSA P-256 pair as {@code tls.crt} and {@code tls.key} (PEM) into
     * {@code dir}, for {@code subjectAltName} as openssl writes it ("DNS:a.test,IP:127.0.0.1").
     */
    public static void writePem(Path dir, String commonName, String subjectAltName)
            throws IOException, InterruptedException {
        run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + commonName,
                "-addext",
                "subjectAltName=" + subjectAltName,
                "-keyout",
                dir.resolve("tls.key").toString(),
                "-out",
                dir.resolve("tls.crt").toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 2)) + " failed: " + output);
        }
    }
}
