package io.geotier.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the commands a user would (curl, dig, deploy/local/*, cli/geotier) and waits on conditions. */
final class Shell {

    record Result(int status, String output) {}

    interface Check {
        boolean holds() throws Exception;
    }

    private final Path dir;
    private final Map<String, String> env;

    Shell(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    Result exec(Duration timeout, String... command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Whether the check holds within 10 s: a fill commits a moment after its client got the bytes. */
    static boolean eventually(Check check) throws Exception {
        return eventually(Duration.ofSeconds(10), check);
    }

    static boolean eventually(Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
