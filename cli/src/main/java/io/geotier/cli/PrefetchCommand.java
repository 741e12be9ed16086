package io.geotier.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Warms a node with a list of keys (one a line; blank lines and # comments skipped) and follows
 * the job to its end with a progress bar. Exits 1 when any key failed, naming each.
 */
@Command(name = "prefetch", description = "Warm the node with the keys in FILE (one a line), showing progress.")
final class PrefetchCommand implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "keys, one a line; - for standard input")
    String file;

    @Override
    public Integer call() throws Exception {
        List<String> lines = file.equals("-")
                ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .toList()
                : Files.readAllLines(Path.of(file));
        List<String> keys = lines.stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(Keys::path)
                .toList();
        if (keys.isEmpty()) {
            throw new CliFailure(CliFailure.REFUSED, "no keys in " + file);
        }
        Cluster.Answer started = Cluster.ok(
                cluster.admin(HttpRequest.newBuilder(URI.create(cluster.node + "/api/v1/prefetch"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", keys)))),
                "prefetch");
        URI watch =
                URI.create(cluster.node + "/api/v1/prefetch/" + started.body().get("id"));
        Map<String, Object> job = follow(watch, keys.size());
        List<?> failed = job.get("failed") instanceof List<?> f ? f : List.of();
        cluster.print(spec.commandLine().getOut(), job, out -> {
            out.printf(
                    "prefetched %s of %d keys, %s bytes, %d failed%n",
                    job.get("done"), keys.size(), job.get("bytes"), failed.size());
            for (Object f : failed) {
                if (f instanceof Map<?, ?> m) {
                    out.printf("  failed: %s: %s%n", m.get("key"), m.get("reason"));
                }
            }
        });
        return failed.isEmpty() ? 0 : CliFailure.REFUSED;
    }

    /** Polls the job every 250 ms until it is complete, moving the bar (not with --json). */
    private Map<String, Object> follow(URI watch, int total) throws InterruptedException {
        ProgressBar bar = cluster.json
                ? null
                : new ProgressBarBuilder()
                        .setTaskName("prefetch")
                        .setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250)
                        .build();
        try {
            while (true) {
                Map<String, Object> job = Cluster.ok(
                                cluster.admin(HttpRequest.newBuilder(watch).GET()), "prefetch status")
                        .body();
                long done = number(job.get("done")) + (job.get("failed") instanceof List<?> f ? f.size() : 0);
                if (bar != null) {
                    bar.stepTo(done);
                    bar.setExtraMessage(number(job.get("bytes")) / (1 << 20) + " MiB");
                }
                if (Boolean.TRUE.equals(job.get("complete"))) {
                    return job;
                }
                Thread.sleep(250);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
