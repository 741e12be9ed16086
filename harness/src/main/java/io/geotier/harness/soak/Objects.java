package io.geotier.harness.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The objects the soak asks for, written into the demo origin's directory: fixed files (hits,
 * misses by query, ranges) whose bytes never change, and purge files rewritten with a new
 * version before each purge. Every version's digest is kept: a body must be one of them, and
 * once every part is up again the latest one everywhere.
 */
final class Objects {

    static final int FIXED = 40;
    static final int PURGED = 8;

    private final Path dir;
    private final Map<String, byte[]> fixed = new ConcurrentHashMap<>();
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> purgedUpTo = new ConcurrentHashMap<>();
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

    Objects(Path originRoot, long seed) throws IOException {
        this.dir = originRoot.resolve("soak");
        Files.createDirectories(dir);
        Random random = new Random(seed);
        for (int i = 0; i < FIXED; i++) {
            // 1 KiB to 2 MiB: small hits from memory, larger ones by sendfile, fills of several chunks.
            byte[] body = new byte[1024 << random.nextInt(12)];
            random.nextBytes(body);
            Files.write(dir.resolve("f-" + i + ".bin"), body);
            fixed.put("soak/f-" + i + ".bin", body);
        }
        for (int i = 0; i < PURGED; i++) {
            versions.put(purgedKey(i), new CopyOnWriteArrayList<>());
            writeVersion(i, random);
        }
    }

    static String fixedKey(int i) {
        return "soak/f-" + i + ".bin";
    }

    static String purgedKey(int i) {
        return "soak/p-" + i + ".bin";
    }

    byte[] fixedBody(String key) {
        return fixed.get(key);
    }

    /**
     * Writes a new version of purge file i, atomically (a fill in progress keeps reading the old
     * one); its digest is known before any reader can see it. Returns the version's number.
     */
    synchronized int writeVersion(int i, Random random) throws IOException {
        byte[] body = new byte[16 * 1024 + random.nextInt(64 * 1024)];
        random.nextBytes(body);
        List<String> all = versions.get(purgedKey(i));
        all.add(digest(body));
        Path staging = Files.createTempFile(dir, ".p-" + i, ".tmp");
        Files.write(staging, body);
        Files.move(
                staging,
                dir.resolve("p-" + i + ".bin"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return all.size() - 1;
    }

    /** A purge of key i was acknowledged after version {@code version} was written. */
    void purged(int i, int version) {
        purgedUpTo.merge(purgedKey(i), version, Math::max);
    }

    /** -1: not any version ever written; else how many versions behind the latest it is. */
    int versionsBehind(String key, byte[] body) {
        List<String> all = versions.get(key);
        int at = all.lastIndexOf(digest(body));
        return at < 0 ? -1 : all.size() - 1 - at;
    }

    /**
     * -1: not any version ever written; else how many versions older than the one written before
     * the last acknowledged purge it is (0 when that purge took effect). A purge that was refused
     * or timed out was never made, so it cannot be lost.
     */
    int versionsBehindPurges(String key, byte[] body) {
        int at = versions.get(key).lastIndexOf(digest(body));
        return at < 0 ? -1 : Math.max(0, purgedUpTo.getOrDefault(key, 0) - at);
    }

    void uploaded(String key) {
        uploaded.add(key);
    }

    static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
