import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How long after a purge call returns every other node stops answering HIT for the object.
 * For each round: an object is made a HIT on every node, the purge is sent to the first node,
 * and each other node is polled (a HEAD every millisecond) until its X-Cache is no longer HIT;
 * the delay is from the purge call's return to the first non-HIT answer (an upper bound: it
 * includes that probe's own round trip, long on a loaded machine). The time at which that probe
 * was sent is reported too: the purge was applied after the last HIT probe and before the node
 * answered this one, so the two figures bracket the true delay from above and (nearly) below.
 *
 * Usage: java PurgePropagation.java TOKEN ROUNDS KEY-PREFIX NODE-URL NODE-URL...
 */
public class PurgePropagation {

    public static void main(String[] args) throws Exception {
        String token = args[0];
        int rounds = Integer.parseInt(args[1]);
        String prefix = args[2];
        List<String> nodes = List.of(args).subList(3, args.length);
        // HTTP/1.1, as wrk and most download clients speak it (see the note on h2c in docs/benchmarks.md).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        List<Double> delays = new ArrayList<>();
        List<Double> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            String key = prefix + (round % 20) + ".bin"; // twenty objects in turn, each a warm HIT before its purge
            for (String node : nodes) {
                awaitHit(http, node + "/" + key);
            }
            String purger = nodes.get(round % nodes.size());
            HttpResponse<String> purge = http.send(HttpRequest.newBuilder(URI.create(purger + "/api/v1/objects/" + key))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            long returned = System.nanoTime();
            if (purge.statusCode() != 200 || !purge.body().contains("\"shared\"")) {
                throw new IllegalStateException("purge failed: " + purge.statusCode() + " " + purge.body());
            }
            List<CompletableFuture<Double>> seen = new ArrayList<>();
            for (String node : nodes) {
                if (!node.equals(purger)) {
                    seen.add(CompletableFuture.supplyAsync(() -> awaitNotHit(http, node + "/" + key, returned, sent)));
                }
            }
            for (CompletableFuture<Double> f : seen) {
                delays.add(f.get());
            }
        }
        Collections.sort(delays);
        Collections.sort(sent);
        System.out.printf("purges=%d observations=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", rounds, delays.size(),
                at(delays, 0.50), at(delays, 0.99), delays.get(delays.size() - 1));
        System.out.printf("  the same, counted to when the first non-HIT probe was sent: p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                at(sent, 0.50), at(sent, 0.99), sent.get(sent.size() - 1));
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static String cache(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Cache").orElse("");
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    private static void awaitHit(HttpClient http, String url) throws Exception {
        for (int i = 0; i < 5000; i++) {
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
            if ("HIT".equals(cache(http, url))) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(url + " never became a HIT");
    }

    private static double awaitNotHit(HttpClient http, String url, long since, List<Double> sent) {
        long deadline = since + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            long probe = System.nanoTime();
            if (!"HIT".equals(cache(http, url))) {
                sent.add(Math.max(0, probe - since) / 1e6);
                return (System.nanoTime() - since) / 1e6;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(url + " still a HIT 10 s after its purge");
    }
}
