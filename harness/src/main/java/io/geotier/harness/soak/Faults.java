package io.geotier.harness.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults of a soak, at fixed shares of its duration: a node, an Infinispan site, the origin
 * (slow, broken mid-body, then killed) and geodns. Kills and restarts go through
 * deploy/local/restart, which SIGKILLs the process and starts it with the settings up gave it.
 */
final class Faults implements Runnable {

    /** One fault: at this share of the run, do it. */
    private record Step(double at, String what, Runnable action) {}

    private final Cluster cluster;
    private final long durationMillis;
    private final long startMillis;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Faults(Cluster cluster, long durationMillis, long startMillis) {
        this.cluster = cluster;
        this.durationMillis = durationMillis;
        this.startMillis = startMillis;
        long slowFor = durationMillis / 12;
        steps.add(new Step(0.12, "SIGKILL node us-east, back after 3 s", () -> restart("node-us-east", 3)));
        steps.add(new Step(
                0.25, "SIGKILL Infinispan site eu-west, back after 5 s", () -> restart("infinispan-eu-west", 5)));
        steps.add(new Step(0.45, "origin slow (256 KiB/s, 1 s to headers)", () -> {
            originFaults("clear&throttle=262144&delay-ms=1000");
            DnsWatch.sleep(slowFor);
            originFaults("clear&break-after=32768");
            done.add("origin broken mid-body (every body cut after 32 KiB)");
            DnsWatch.sleep(slowFor);
            originFaults("clear");
            done.add("origin well again");
        }));
        steps.add(new Step(0.70, "SIGKILL origin, back after 2 s", () -> restart("origin", 2)));
        steps.add(new Step(0.82, "SIGKILL geodns, back after 2 s", () -> restart("geodns", 2)));
    }

    List<String> done() {
        return done;
    }

    @Override
    public void run() {
        for (Step step : steps) {
            long due = startMillis + (long) (step.at() * durationMillis);
            DnsWatch.sleep(Math.max(0, due - System.currentTimeMillis()));
            done.add(String.format("t=%.0fs %s", (System.currentTimeMillis() - startMillis) / 1000.0, step.what()));
            System.err.println("soak: " + done.get(done.size() - 1));
            step.action().run();
        }
    }

    /**
     * Crashes a component and starts it again, as deploy/local/restart does; one that does not
     * come back is restarted again, up to three times, as a supervisor (systemd, Kubernetes) would.
     */
    private void restart(String component, int downSeconds) {
        cluster.markDown(component, System.currentTimeMillis());
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                Path log = cluster.run.resolve("logs/soak-restart-" + component + "-" + attempt + ".log");
                Process p = new ProcessBuilder(
                                cluster.root.resolve("deploy/local/restart").toString(),
                                component,
                                "--down-for",
                                Integer.toString(downSeconds))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (p.waitFor() == 0) {
                    done.add(String.format(
                            "t=%.0fs %s back%s",
                            (System.currentTimeMillis() - startMillis) / 1000.0,
                            component,
                            attempt > 1 ? " (start " + attempt + ")" : ""));
                    return;
                }
                done.add(String.format(
                        "t=%.0fs %s did not come back (start %d; see logs/)",
                        (System.currentTimeMillis() - startMillis) / 1000.0, component, attempt));
            }
        } catch (IOException e) {
            done.add(component + ": restart failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cluster.markUp(component);
        }
    }

    private void originFaults(String query) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(cluster.originUrl() + "/_geotier/faults?" + query))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            done.add("could not set origin faults " + query + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
