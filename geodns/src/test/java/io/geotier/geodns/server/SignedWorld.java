package io.geotier.geodns.server;

import io.geotier.geodns.dnssec.KeyFiles;
import io.geotier.geodns.dnssec.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;

/** The test world with its zone signed online by a key made for the run (ECDSA P-256). */
public class SignedWorld extends GeodnsTestWorld {

    static Path keyFile;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            keyFile = TempDirs.deletedAtExit("geodns-dnssec").resolve("geotier.test.pem");
            KeyFiles.write(KeyFiles.generate(SigningKey.Algorithm.ECDSAP256SHA256), keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        config.put("geodns.dnssec.key-file", keyFile.toString());
        return config;
    }
}
