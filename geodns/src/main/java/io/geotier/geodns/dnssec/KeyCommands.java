package io.geotier.geodns.dnssec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The key commands of the geodns jar, run instead of the server:
 *
 * <pre>
 * keygen --zone ZONE [--algorithm ecdsap256sha256|ed25519] [--ttl SECONDS] [--out FILE]
 * ds     --zone ZONE --key FILE [--ttl SECONDS]
 * </pre>
 *
 * {@code keygen} writes a new key (PEM, readable by its owner only, never over an existing file)
 * and prints its DNSKEY and the DS record for the registrar; {@code ds} prints them for a key
 * file already made (PEM or BIND's). Nothing secret is ever printed.
 */
public final class KeyCommands {

    private static final String USAGE = String.join(
            "\n",
            "usage: keygen --zone ZONE [--algorithm ecdsap256sha256|ed25519] [--ttl SECONDS] [--out FILE]",
            "       ds --zone ZONE --key FILE [--ttl SECONDS]");

    private KeyCommands() {}

    /** Whether the arguments name a key command rather than the server. */
    public static boolean handles(String... args) {
        return args.length > 0 && (args[0].equals("keygen") || args[0].equals("ds"));
    }

    /** Runs the command; the exit status (0 done, 1 failed, 2 misused). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        Map<String, String> options;
        Name zone;
        long ttl;
        try {
            options = options(args);
            zone = Name.fromString(required(options, "zone"), Name.root);
            ttl = Long.parseLong(options.getOrDefault("ttl", "3600"));
        } catch (IllegalArgumentException | TextParseException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            SigningKey key;
            if (args[0].equals("keygen")) {
                SigningKey.Algorithm algorithm =
                        SigningKey.Algorithm.of(options.getOrDefault("algorithm", "ecdsap256sha256"));
                KeyPair pair = KeyFiles.generate(algorithm);
                String defaultName = "K" + zone + "+" + String.format("%03d", algorithm.number()) + ".pem";
                Path file = Path.of(options.getOrDefault("out", defaultName));
                KeyFiles.write(pair, file);
                key = KeyFiles.read(file, zone, ttl);
                out.println("; wrote " + file + " (keep it private; point geodns.dnssec.key-file at it)");
            } else {
                key = KeyFiles.read(Path.of(required(options, "key")), zone, ttl);
            }
            out.println("; " + key);
            out.println(key.dnskey());
            out.println("; the DS record for the parent zone (give it to your registrar):");
            out.println(key.ds());
            return 0;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> options(String... args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            if (!flag.startsWith("--") || rest.isEmpty()) {
                throw new IllegalArgumentException("expected --option value, got " + flag);
            }
            options.put(flag.substring(2), rest.remove(0));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
