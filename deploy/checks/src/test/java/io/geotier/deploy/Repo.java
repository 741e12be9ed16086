package io.geotier.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository being checked, and the commands that read it (kubectl, terraform, systemd-analyze). */
final class Repo {

    static final Path ROOT = findRoot();

    private Repo() {}

    record Ran(int status, String out, String err) {}

    static Ran run(Path dir, Map<String, String> env, String input, String... command) throws Exception {
        Path out = Files.createTempFile("deploy-check", ".out");
        Path err = Files.createTempFile("deploy-check", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + List.of(command));
            }
            return new Ran(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Ran run(String... command) throws Exception {
        return run(ROOT, Map.of(), null, command);
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) throws java.io.IOException {
        return Files.readString(path(relative));
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "the repository root is not above " + Path.of("").toAbsolutePath());
    }
}
