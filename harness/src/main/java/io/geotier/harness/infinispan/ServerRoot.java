package io.geotier.harness.infinispan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Lays out a server root: Bootstrap needs conf/ and an existing lib/ (it dies without one).
 *
 * <p>Caches created at run time are persisted in data/caches.xml; every cache Geotier uses is
 * defined in infinispan.xml instead, so that file is dropped before a start: a definition left by
 * an older run would clash with the configured one and stop the server.
 */
final class ServerRoot {

    static final String CONFIG = "infinispan.xml";
    static final String LOG_CONFIG = "log4j2.xml";

    private ServerRoot() {}

    static void prepare(InfinispanServerOptions options) throws IOException {
        Path conf = options.root().resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(options.root().resolve("lib"));
        Files.createDirectories(options.root().resolve("data"));
        Files.deleteIfExists(options.root().resolve("data").resolve("caches.xml"));
        Files.createDirectories(options.root().resolve("log"));
        writePrivate(conf.resolve(CONFIG), ServerConfig.render(resource(CONFIG), options));
        copyResource(LOG_CONFIG, conf.resolve(LOG_CONFIG));
        writeRealm(conf, options.users());
    }

    /** The realm's users (plain text, readable by the owner alone) and their roles. */
    private static void writeRealm(Path conf, List<ServerUser> users) throws IOException {
        StringBuilder passwords = new StringBuilder("#$REALM_NAME=default$\n");
        StringBuilder roles = new StringBuilder();
        for (ServerUser user : users) {
            passwords.append(user.name()).append('=').append(user.password()).append('\n');
            roles.append(user.name()).append('=').append(user.role()).append('\n');
        }
        writePrivate(conf.resolve("users.properties"), passwords.toString());
        writePrivate(conf.resolve("groups.properties"), roles.toString());
    }

    /** Written readable by the owner alone: the realm's passwords, the bridge's key store password. */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ServerRoot.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing harness resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = ServerRoot.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing harness resource " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
