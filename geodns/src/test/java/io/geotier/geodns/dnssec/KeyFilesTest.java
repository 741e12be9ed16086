package io.geotier.geodns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * Key files in both forms, checked against BIND's own tools: keys made by dnssec-keygen are read,
 * and the DS printed for them matches dnssec-dsfromkey's. Bad files are refused by name, never by
 * content.
 */
class KeyFilesTest {

    private static final Name ZONE = name("geotier.test.");

    @TempDir
    Path dir;

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    @Test
    void aPemKeyRoundTripsOwnerReadableAndIsNeverOverwritten() throws Exception {
        for (SigningKey.Algorithm algorithm : SigningKey.Algorithm.values()) {
            Path file = dir.resolve(algorithm + ".pem");
            KeyPair pair = KeyFiles.generate(algorithm);
            KeyFiles.write(pair, file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            SigningKey key = KeyFiles.read(file, ZONE, 3600);
            assertEquals(algorithm.number(), key.dnskey().getAlgorithm());
            assertEquals(257, key.dnskey().getFlags(), "a zone key with SEP: one combined signing key");
            assertEquals(pair.getPublic(), key.dnskey().getPublicKey());
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> KeyFiles.write(pair, file));
            String shown = key.toString();
            String secret = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            assertFalse(shown.contains(secret.substring(40, 60)), "never the private key: " + shown);
            assertTrue(shown.contains(Integer.toString(key.tag())));
        }
    }

    @Test
    void bindKeysAreReadAndTheirDsMatchesBindsOwn() throws Exception {
        for (String algorithm : new String[] {"ECDSAP256SHA256", "ED25519"}) {
            String base =
                    run("dnssec-keygen", "-q", "-a", algorithm, "-f", "KSK", "-K", dir.toString(), "geotier.test");
            SigningKey key = KeyFiles.read(dir.resolve(base + ".private"), ZONE, 3600);
            assertEquals(
                    SigningKey.Algorithm.of(algorithm).number(), key.dnskey().getAlgorithm());
            String bindDs =
                    run("dnssec-dsfromkey", "-2", dir.resolve(base + ".key").toString());
            assertEquals(
                    bindDs.replaceAll("\\s+", " ").replaceFirst(" IN ", " ").toUpperCase(),
                    (key.ds().getName() + " DS " + key.ds().rdataToString()).toUpperCase(),
                    "the DS for the registrar, as BIND computes it");
            // A signature made with it verifies with the public half BIND wrote.
            org.xbill.DNS.RRset set = new org.xbill.DNS.RRset(key.dnskey());
            java.time.Instant now = java.time.Instant.now();
            DNSSEC.verify(
                    set,
                    DNSSEC.sign(set, key.dnskey(), key.privateKey(), now.minusSeconds(60), now.plusSeconds(600)),
                    key.dnskey(),
                    now);
        }
    }

    @Test
    void badFilesAreRefusedByNameWithoutTheirContent() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");
        assertTrue(assertThrows(IOException.class, () -> KeyFiles.read(garbage, ZONE, 3600))
                .getMessage()
                .contains("neither a PEM private key"));

        KeyPair one = KeyFiles.generate(SigningKey.Algorithm.ECDSAP256SHA256);
        KeyPair other = KeyFiles.generate(SigningKey.Algorithm.ECDSAP256SHA256);
        Path mixed = dir.resolve("mixed.pem");
        String privateBlock = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(one.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(
                mixed,
                privateBlock + "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(other.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        IOException mismatch = assertThrows(IOException.class, () -> KeyFiles.read(mixed, ZONE, 3600));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
        assertFalse(mismatch.getMessage().contains(privateBlock.substring(40, 70)));

        Path privateOnly = Files.writeString(dir.resolve("private-only.pem"), privateBlock);
        assertTrue(assertThrows(IOException.class, () -> KeyFiles.read(privateOnly, ZONE, 3600))
                .getMessage()
                .contains("openssl pkey"));

        String base = run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", dir.toString(), "other.test");
        IOException wrongZone =
                assertThrows(IOException.class, () -> KeyFiles.read(dir.resolve(base + ".private"), ZONE, 3600));
        assertTrue(wrongZone.getMessage().contains("other.test"), wrongZone.getMessage());
        String rsa = run("dnssec-keygen", "-q", "-a", "RSASHA256", "-b", "1024", "-K", dir.toString(), "geotier.test");
        assertThrows(IOException.class, () -> KeyFiles.read(dir.resolve(rsa + ".private"), ZONE, 3600));
    }

    @Test
    void theKeygenCommandPrintsTheDnskeyAndDsAndNothingSecret() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path file = dir.resolve("cmd.pem");
        int status = KeyCommands.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "keygen",
                "--zone",
                "geotier.test.",
                "--algorithm",
                "ed25519",
                "--out",
                file.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        SigningKey key = KeyFiles.read(file, ZONE, 3600);
        assertTrue(printed.contains(key.ds().rdataToString()), printed);
        assertTrue(printed.contains(key.dnskey().rdataToString()), printed);
        assertFalse(printed.contains("PRIVATE"), printed);

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(
                1,
                KeyCommands.run(
                        new PrintStream(again, true, StandardCharsets.UTF_8),
                        new PrintStream(again, true, StandardCharsets.UTF_8),
                        "keygen",
                        "--zone",
                        "geotier.test.",
                        "--out",
                        file.toString()),
                "an existing key is not overwritten");
        assertEquals(
                2,
                KeyCommands.run(
                        new PrintStream(again, true, StandardCharsets.UTF_8),
                        new PrintStream(again, true, StandardCharsets.UTF_8),
                        "keygen"),
                "no zone: usage");
    }
}
