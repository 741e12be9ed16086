import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Origin offload on the local cluster: origin bytes over unique bytes for a mixed workload.
 * Phase 1, concurrent misses: for each of the first C keys, one GET to every region at the same
 * instant. Phase 2, Zipf (s = 1.0) over all keys from clients in every region, so most keys are
 * first missed in one region and later in the others, some at the same time. Origin bytes are
 * what the nodes' geotier_origin_bytes_total counted; peer and shield fills are reported too.
 *
 * usage: java OriginOffload.java ORIGIN_DIR PREFIX KEYS CONCURRENT REQUESTS NODE_URL...
 */
public class OriginOffload {

    public static void main(String[] args) throws Exception {
        Path originDir = Path.of(args[0]);
        String prefix = args[1];
        int keys = Integer.parseInt(args[2]);
        int concurrent = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        List<String> nodes = List.of(args).subList(5, args.length);
        Random random = new Random(42);
        long[] sizes = new long[keys];
        Files.createDirectories(originDir.resolve(prefix));
        for (int i = 0; i < keys; i++) {
            sizes[i] = 16_384 + random.nextInt(1_000_000); // 16 KiB to about 1 MiB
            byte[] body = new byte[(int) sizes[i]];
            random.nextBytes(body);
            Files.write(originDir.resolve(prefix).resolve(i + ".bin"), body);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Metrics before = Metrics.read(http, nodes);
        Set<Integer> requested = ConcurrentHashMap.newKeySet();
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(nodes.size() * 4, nodes.size()));
        for (int k = 0; k < concurrent; k++) {
            CyclicBarrier together = new CyclicBarrier(nodes.size());
            List<Future<?>> all = new ArrayList<>();
            int key = k;
            for (String node : nodes) {
                all.add(pool.submit(() -> {
                    together.await();
                    get(http, node, prefix, key, failures);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            requested.add(k);
        }
        double[] cdf = zipfCdf(keys, 1.0);
        List<Future<?>> clients = new ArrayList<>();
        int perClient = requests / (nodes.size() * 4);
        for (int c = 0; c < nodes.size() * 4; c++) {
            String node = nodes.get(c % nodes.size());
            Random mine = new Random(1000 + c);
            clients.add(pool.submit(() -> {
                for (int r = 0; r < perClient; r++) {
                    int key = draw(cdf, mine.nextDouble());
                    requested.add(key);
                    get(http, node, prefix, key, failures);
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(500);
        Metrics after = Metrics.read(http, nodes);
        long unique = requested.stream().mapToLong(k -> sizes[k]).sum();
        double originBytes = after.originBytes - before.originBytes;
        System.out.printf("keys %d (%d requested, %.1f MiB unique), %d concurrent-miss keys x %d regions, "
                + "%d Zipf requests, %.1f s, %d failed requests%n", keys, requested.size(), unique / 1048576.0,
                concurrent, nodes.size(), perClient * nodes.size() * 4, seconds, failures.get());
        System.out.printf("origin bytes %.1f MiB, origin bytes / unique bytes = %.3f%n", originBytes / 1048576.0,
                originBytes / unique);
        System.out.printf("peer fills %.0f (%.1f MiB), shield fills %.0f, coalesced joins %.0f%n",
                after.peerFills - before.peerFills, (after.peerBytes - before.peerBytes) / 1048576.0,
                after.shieldFills - before.shieldFills, after.coalesced - before.coalesced);
    }

    private static void get(HttpClient http, String node, String prefix, int key, AtomicLong failures) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(node + "/" + prefix + "/" + key + ".bin"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                failures.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            failures.incrementAndGet();
        }
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, double u) {
        int i = java.util.Arrays.binarySearch(cdf, u);
        return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
    }

    /** Counters summed over every node's /q/metrics. */
    record Metrics(double originBytes, double peerFills, double peerBytes, double shieldFills, double coalesced) {
        static Metrics read(HttpClient http, List<String> nodes) throws Exception {
            double[] sums = new double[5];
            String[] names = {"geotier_origin_bytes_total", "geotier_peer_fills_total", "geotier_peer_bytes_total",
                    "geotier_shield_fills_total", "geotier_fill_coalesced_total"};
            for (String node : nodes) {
                String text = http.send(HttpRequest.newBuilder(URI.create(node + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    for (int i = 0; i < names.length; i++) {
                        if (line.startsWith(names[i] + " ") || line.startsWith(names[i] + "{")) {
                            sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                }
            }
            return new Metrics(sums[0], sums[1], sums[2], sums[3], sums[4]);
        }
    }
}
