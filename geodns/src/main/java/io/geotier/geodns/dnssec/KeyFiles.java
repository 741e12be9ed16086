package io.geotier.geodns.dnssec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Reads and writes the signing key's files. Two forms are read:
 *
 * <ul>
 *   <li>PEM: a PKCS#8 {@code PRIVATE KEY} block and the matching {@code PUBLIC KEY} block, in one
 *       file (what {@code geodns keygen} writes; for an OpenSSL key, append
 *       {@code openssl pkey -in key.pem -pubout});
 *   <li>BIND: {@code K<zone>+<alg>+<tag>.private} as dnssec-keygen writes it, with its {@code .key}
 *       file beside it for the public half.
 * </ul>
 *
 * Either way the two halves are checked to belong together (a signature made with one must verify
 * with the other), so a mismatched pair is refused instead of published. Errors name the file and
 * what is wrong with it, never any key material.
 */
public final class KeyFiles {

    private static final int MAX_BYTES = 64 * 1024;
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final byte[] PROBE = "geodns key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyFiles() {}

    /** The key in the file, published for {@code zone} with DNSKEY TTL {@code ttl}. */
    public static SigningKey read(Path file, Name zone, long ttl) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is too large to be a key file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            if (text.contains("Private-key-format:")) {
                return bind(file, text, zone, ttl);
            }
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                return pem(file, text, zone, ttl);
            }
        } catch (GeneralSecurityException | IllegalArgumentException | DNSSEC.DNSSECException e) {
            throw new IOException(file + " holds no usable signing key: " + e.getMessage(), e);
        }
        throw new IOException(file + " is neither a PEM private key (BEGIN PRIVATE KEY) nor a BIND K*.private file");
    }

    private static SigningKey pem(Path file, String text, Name zone, long ttl)
            throws GeneralSecurityException, IOException, DNSSEC.DNSSECException {
        byte[] privateDer =
                block(text, "PRIVATE KEY").orElseThrow(() -> new IOException(file + ": no PRIVATE KEY block"));
        byte[] publicDer = block(text, "PUBLIC KEY")
                .orElseThrow(() -> new IOException(file + ": no PUBLIC KEY block beside the private key"
                        + " (append one: openssl pkey -in " + file.getFileName() + " -pubout)"));
        for (SigningKey.Algorithm algorithm : SigningKey.Algorithm.values()) {
            KeyFactory factory = KeyFactory.getInstance(algorithm.jca);
            PrivateKey privateKey;
            PublicKey publicKey;
            try {
                privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
                publicKey = factory.generatePublic(new X509EncodedKeySpec(publicDer));
            } catch (java.security.spec.InvalidKeySpecException notThisAlgorithm) {
                continue;
            }
            return pair(algorithm, privateKey, publicKey, zone, ttl);
        }
        throw new IOException(file + ": the key is neither ECDSA P-256 nor Ed25519");
    }

    private static SigningKey bind(Path file, String text, Name zone, long ttl)
            throws GeneralSecurityException, IOException, DNSSEC.DNSSECException {
        SigningKey.Algorithm algorithm =
                SigningKey.Algorithm.of(field(file, text, "Algorithm").split("\\s+")[0]);
        byte[] raw = Base64.getMimeDecoder().decode(field(file, text, "PrivateKey"));
        PrivateKey privateKey = algorithm == SigningKey.Algorithm.ED25519
                ? KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, raw))
                : KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), p256()));
        String name = file.getFileName().toString();
        Path publicFile = file.resolveSibling(name.substring(0, name.length() - ".private".length()) + ".key");
        if (!name.endsWith(".private") || !Files.isRegularFile(publicFile)) {
            throw new IOException(file + ": its public half " + publicFile.getFileName() + " is missing");
        }
        DNSKEYRecord published = dnskeyIn(publicFile, zone);
        if (published.getAlgorithm() != algorithm.number()) {
            throw new IOException(publicFile + " is for algorithm " + published.getAlgorithm() + ", "
                    + file.getFileName() + " for " + algorithm.number());
        }
        return pair(algorithm, privateKey, published.getPublicKey(), zone, ttl);
    }

    private static DNSKEYRecord dnskeyIn(Path publicFile, Name zone) throws IOException {
        try (Master master = new Master(new ByteArrayInputStream(Files.readAllBytes(publicFile)), zone, 3600)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                if (r instanceof DNSKEYRecord k) {
                    if (!k.getName().equals(zone)) {
                        throw new IOException(publicFile + " is a key for " + k.getName() + ", not " + zone);
                    }
                    return k;
                }
            }
        }
        throw new IOException(publicFile + " holds no DNSKEY record");
    }

    /** The two halves, checked to belong together, as the zone's key (flags 257: a zone key and SEP). */
    private static SigningKey pair(
            SigningKey.Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey, Name zone, long ttl)
            throws GeneralSecurityException, IOException, DNSSEC.DNSSECException {
        if (algorithm == SigningKey.Algorithm.ECDSAP256SHA256
                && !((ECKey) publicKey).getParams().getOrder().equals(p256().getOrder())) {
            throw new IOException("an ECDSA key on a curve other than P-256");
        }
        String signatureAlgorithm = algorithm == SigningKey.Algorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(privateKey);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(publicKey);
        verifier.update(PROBE);
        if (!verifier.verify(signature)) {
            throw new IOException("the public key does not belong to the private key");
        }
        DNSKEYRecord dnskey = new DNSKEYRecord(
                zone,
                DClass.IN,
                ttl,
                DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
                DNSKEYRecord.Protocol.DNSSEC,
                algorithm.number(),
                publicKey);
        return new SigningKey(dnskey, privateKey);
    }

    /** A new key pair for the zone. */
    public static KeyPair generate(SigningKey.Algorithm algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jca);
        if (algorithm == SigningKey.Algorithm.ECDSAP256SHA256) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        }
        return generator.generateKeyPair();
    }

    /**
     * Writes the pair as PEM (private block, then public block) to a new file readable by its owner
     * alone; an existing file is never overwritten.
     */
    public static void write(KeyPair pair, Path file) throws IOException {
        String text = pemBlock("PRIVATE KEY", pair.getPrivate().getEncoded())
                + pemBlock("PUBLIC KEY", pair.getPublic().getEncoded());
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists; a key is never overwritten");
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Optional<byte[]> block(String text, String type) {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Optional.of(Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", "")));
            }
        }
        return Optional.empty();
    }

    private static String field(Path file, String text, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(.+)$").matcher(text);
        if (!m.find()) {
            throw new IOException(file + ": no " + name + " line");
        }
        return m.group(1).trim();
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }
}
