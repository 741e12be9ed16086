package io.geotier.geodns.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.geodns.dnssec.KeyFiles;
import io.geotier.geodns.dnssec.SigningKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/**
 * The signed zone checked by real validators: BIND's delv validates every answer from the
 * published key as its only trust anchor (over UDP, falling back to TCP on truncation, or over
 * TCP from the start); kdig shows what goes over the wire. A validation failure fails the test.
 */
@QuarkusTest
@WithTestResource(SignedWorld.class)
class DnssecValidationTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    /** The running key's DNSKEY, as a delv trust anchor file. */
    private static Path anchor() throws IOException {
        DNSKEYRecord key = KeyFiles.read(SignedWorld.keyFile, Name.fromString("geotier.test."), 3600)
                .dnskey();
        String[] fields = key.rdataToString().split(" ", 4);
        Path file = TempDirs.deletedAtExit("geodns-anchor").resolve("anchor.conf");
        Files.writeString(
                file,
                "trust-anchors { geotier.test. static-key " + fields[0] + " " + fields[1] + " " + fields[2] + " \""
                        + fields[3].replace(" ", "") + "\"; };\n");
        return file;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** delv's verdict on one query, from the given source address, with the running key as anchor. */
    private static String delv(String source, String name, String type, String... options) throws Exception {
        return delvAnchored(anchor(), source, name, type, options);
    }

    private static String delvAnchored(Path anchor, String source, String name, String type, String... options)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "delv",
                "@127.0.0.1",
                "-p",
                Integer.toString(GeodnsTestWorld.dnsPort),
                "-b",
                source,
                "-a",
                anchor.toString(),
                "+root=geotier.test.",
                name,
                type));
        command.addAll(List.of(options));
        return run(command);
    }

    private static void assertValidated(String output) {
        assertTrue(output.contains("; fully validated"), output);
        assertFalse(output.contains("validation failed") || output.contains("resolution failed"), output);
    }

    /** Asked with +vtrace: the validator found the denial's proof and marked nothing bogus or insecure. */
    private static void assertDenialValidated(String output) {
        assertTrue(output.contains("nonexistence proof(s) found"), output);
        assertFalse(output.contains("bogus") || output.contains("insecure"), output);
        assertTrue(
                output.contains("; negative response, fully validated") || output.contains("; fully validated"),
                output);
    }

    @Test
    void staticAnswersAndTheKeySetValidate() throws Exception {
        assertValidated(delv("127.0.0.1", "static.geotier.test", "A"));
        assertValidated(delv("127.0.0.1", "static.geotier.test", "AAAA", "+tcp"));
        assertValidated(delv("127.0.0.1", "geotier.test", "DNSKEY"));
        assertValidated(delv("127.0.0.1", "geotier.test", "NS"));
    }

    @Test
    void steeredAnswersToTwoClientNetworksDifferAndBothValidate() throws Exception {
        String defaultRegion = delv("127.0.0.1", "cdn.geotier.test", "A");
        String usEast = delv("127.0.2.5", "cdn.geotier.test", "A"); // in the us-east coverage zone
        assertValidated(defaultRegion);
        assertValidated(usEast);
        assertTrue(defaultRegion.contains("127.0.1.1"), defaultRegion);
        assertTrue(usEast.contains("127.0.2.1"), usEast);
        assertNotEquals(signature(defaultRegion), signature(usEast), "two answers, two signatures");
    }

    @Test
    void missingNamesAndMissingTypesValidateAsDenied() throws Exception {
        String nxdomain = delv("127.0.0.1", "nope.geotier.test", "A", "+vtrace");
        assertDenialValidated(nxdomain);
        assertTrue(nxdomain.contains("NXNAME") || nxdomain.contains("TYPE128"), nxdomain);
        assertDenialValidated(delv("127.0.0.1", "ns1.geotier.test", "AAAA", "+vtrace"));
        assertDenialValidated(delv("127.0.0.1", "cdn.geotier.test", "TXT", "+vtrace"));
        assertDenialValidated(delv("127.0.0.1", "deep.below.nope.geotier.test", "A", "+tcp", "+vtrace"));
    }

    @Test
    void cnameChainsValidateLinkByLink() throws Exception {
        String chain = delv("127.0.0.1", "chain.geotier.test", "A");
        assertValidated(chain);
        assertTrue(chain.contains("CNAME") && chain.contains("127.0.1.1"), chain);
        String dangling =
                delv("127.0.0.1", "dangling.geotier.test", "A", "+vtrace"); // CNAME to a name that is not there
        assertDenialValidated(dangling);
        assertTrue(dangling.contains("dangling.geotier.test/CNAME: marking as secure"), dangling);
    }

    @Test
    void aSignedAnswerTooBigForUdpIsTruncatedAndValidatesOverTcp() throws Exception {
        String udp = run(List.of(
                "kdig",
                "@127.0.0.1",
                "-p",
                Integer.toString(GeodnsTestWorld.dnsPort),
                "+dnssec",
                "+notcp",
                "+ignoretc",
                "+bufsize=1232",
                "big.geotier.test",
                "TXT"));
        assertTrue(udp.contains("tc"), "truncated over UDP: " + udp);
        String tcp = run(List.of(
                "kdig",
                "@127.0.0.1",
                "-p",
                Integer.toString(GeodnsTestWorld.dnsPort),
                "+dnssec",
                "+tcp",
                "big.geotier.test",
                "TXT"));
        assertTrue(tcp.contains("RRSIG") && tcp.contains("bbbb"), tcp);
        assertValidated(delv("127.0.0.1", "big.geotier.test", "TXT")); // UDP, then TCP on TC
    }

    /** A new key in the file is served within the reload interval; a bad file is refused, the key kept. */
    @Test
    void theKeyIsReloadedAndABadKeyFileIsRefused() throws Exception {
        Path oldAnchor = Files.copy(
                anchor(), SignedWorld.keyFile.resolveSibling("old-anchor.conf"), StandardCopyOption.REPLACE_EXISTING);
        String before = delvAnchored(oldAnchor, "127.0.0.1", "geotier.test", "DNSKEY");
        byte[] original = Files.readAllBytes(SignedWorld.keyFile);
        try {
            replace(SignedWorld.keyFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            awaitRejected();
            String kept = delvAnchored(oldAnchor, "127.0.0.1", "geotier.test", "DNSKEY");
            assertValidated(kept);
            assertEquals(keyLines(before), keyLines(kept), "old key kept");

            Path fresh = SignedWorld.keyFile.resolveSibling("fresh.pem");
            Files.deleteIfExists(fresh);
            KeyFiles.write(KeyFiles.generate(SigningKey.Algorithm.ED25519), fresh);
            replace(SignedWorld.keyFile, Files.readString(fresh));
            String after = awaitDnskeyChange(before);
            assertValidated(delv("127.0.0.1", "static.geotier.test", "A")); // anchored on the new key
            assertTrue(after.matches("(?s).*DNSKEY\\s+257 3 15 .*"), "the Ed25519 key is published: " + after);
        } finally {
            replace(SignedWorld.keyFile, new String(original, StandardCharsets.US_ASCII));
            awaitDnskeyChange("");
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitRejected() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/q/metrics")
                    .asString()
                    .contains("geodns_reloads_total{file=\"key\",result=\"rejected\"}")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the bad key file was not rejected");
    }

    private static String awaitDnskeyChange(String before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String now = delv("127.0.0.1", "geotier.test", "DNSKEY");
        while (keyLines(now).equals(keyLines(before)) || !now.contains("; fully validated")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the new key was not served: " + now);
            }
            Thread.sleep(200);
            now = delv("127.0.0.1", "geotier.test", "DNSKEY");
        }
        return now;
    }

    private static String keyLines(String output) {
        return output.lines()
                .filter(l -> l.contains("DNSKEY") && !l.startsWith(";"))
                .reduce("", String::concat);
    }

    private static String signature(String output) {
        return output.lines().filter(l -> l.contains("RRSIG")).reduce("", String::concat);
    }
}
