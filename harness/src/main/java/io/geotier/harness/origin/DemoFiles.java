package io.geotier.harness.origin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * The demo origin's files: a small text file, 1 MiB and 100 MiB of deterministic bytes (the same
 * seed gives the same bytes everywhere, so a copy can be checked against a fresh generation).
 */
public final class DemoFiles {

    public static final String SMALL = "hello.txt";
    public static final String ONE_MIB = "media/1mib.bin";
    public static final String HUNDRED_MIB = "media/100mib.bin";

    private DemoFiles() {}

    /** Writes any demo file that is missing or has the wrong size; leaves the rest alone. */
    public static void ensure(Path root) throws IOException {
        byte[] hello = "Hello from the Geotier demo origin.\n".getBytes(StandardCharsets.UTF_8);
        if (!hasSize(root.resolve(SMALL), hello.length)) {
            write(root.resolve(SMALL), out -> out.write(hello));
        }
        ensureRandom(root.resolve(ONE_MIB), 1L << 20, 1);
        ensureRandom(root.resolve(HUNDRED_MIB), 100L << 20, 100);
    }

    private static void ensureRandom(Path file, long size, long seed) throws IOException {
        if (hasSize(file, size)) {
            return;
        }
        write(file, out -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] chunk = new byte[64 * 1024];
            for (long left = size; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        });
    }

    private static boolean hasSize(Path file, long size) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == size;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, Writer writer) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
