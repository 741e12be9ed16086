package io.geotier.harness.soak;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user of the cluster: picks a region, follows geodns's latest answer for it, and asks for a
 * hit, a miss, a range, a purged object, or makes a purge or an upload (admin calls go to a node
 * directly, as an operator's would). Every body is checked against the origin's bytes.
 */
final class Load implements Runnable {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Cluster cluster;
    private final Objects objects;
    private final DnsWatch dns;
    private final Tally tally;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean stopped;

    Load(Cluster cluster, Objects objects, DnsWatch dns, Tally tally) {
        this.cluster = cluster;
        this.objects = objects;
        this.dns = dns;
        this.tally = tally;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String node = steeredNode(random);
            int dice = random.nextInt(100);
            try {
                if (dice < 50) {
                    whole(node, Objects.fixedKey(random.nextInt(Objects.FIXED)), "");
                } else if (dice < 62) {
                    whole(node, Objects.fixedKey(random.nextInt(Objects.FIXED)), "?u=" + SEQUENCE.incrementAndGet());
                } else if (dice < 77) {
                    range(node, Objects.fixedKey(random.nextInt(Objects.FIXED)), random);
                } else if (dice < 90) {
                    purged(node, random.nextInt(Objects.PURGED));
                } else if (dice < 95) {
                    purge(random);
                } else {
                    upload(random);
                }
            } catch (IOException e) {
                // Purges and uploads go to a node named by hand, as an operator's would: one sent
                // to the node that is down is refused, which says nothing about steering.
                tally.error(dice < 90 ? classify(e) : classify(e) + " (admin call)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String steeredNode(ThreadLocalRandom random) {
        Cluster.Region region = Cluster.REGIONS.get(random.nextInt(Cluster.REGIONS.size()));
        InetAddress answer = dns.answerFor(region.name());
        return cluster.nodeUrl(answer == null ? region.address() : answer.getHostAddress());
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private boolean answered(HttpResponse<?> response, String what) {
        if (response.statusCode() >= 500) {
            tally.error("http-" + response.statusCode());
            return false;
        }
        if (response.statusCode() >= 400) {
            tally.error("http-" + response.statusCode() + "-" + what);
            return false;
        }
        return true;
    }

    private void whole(String node, String key, String query) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(node + "/" + key + query);
        if (!answered(response, "get")) {
            return;
        }
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), objects.fixedBody(key))) {
            tally.corrupt(node + "/" + key + query + " status " + response.statusCode() + ", " + response.body().length
                    + " bytes");
            return;
        }
        tally.countServed(query.isEmpty() ? "get" : "get-new-query");
    }

    private void range(String node, String key, ThreadLocalRandom random) throws IOException, InterruptedException {
        byte[] body = objects.fixedBody(key);
        int first = random.nextInt(body.length);
        int last = Math.min(body.length - 1, first + random.nextInt(64 * 1024));
        HttpResponse<byte[]> response = get(node + "/" + key, "Range", "bytes=" + first + "-" + last);
        if (!answered(response, "range")) {
            return;
        }
        byte[] expected = response.statusCode() == 206 ? Arrays.copyOfRange(body, first, last + 1) : body;
        if (!Arrays.equals(response.body(), expected)) {
            tally.corrupt(node + "/" + key + " bytes=" + first + "-" + last + " status " + response.statusCode());
            return;
        }
        tally.countServed("range");
    }

    private void purged(String node, int i) throws IOException, InterruptedException {
        String key = Objects.purgedKey(i);
        HttpResponse<byte[]> response = get(node + "/" + key);
        if (!answered(response, "get")) {
            return;
        }
        if (objects.versionsBehind(key, response.body()) < 0) {
            tally.corrupt(node + "/" + key + ": a body that is no version the origin ever had (" + response.version()
                    + " " + response.statusCode() + ", " + response.body().length + " bytes, Content-Length "
                    + response.headers().firstValue("Content-Length").orElse("-") + ", X-Cache "
                    + response.headers().firstValue("X-Cache").orElse("-") + ")");
            return;
        }
        tally.countServed("get-purged-object");
    }

    /** A new version at the origin, then a purge on one node: every node must drop the old copy. */
    private void purge(ThreadLocalRandom random) throws IOException, InterruptedException {
        int i = random.nextInt(Objects.PURGED);
        int version = objects.writeVersion(i, new java.util.Random(random.nextLong()));
        Cluster.Region region = Cluster.REGIONS.get(random.nextInt(Cluster.REGIONS.size()));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                cluster.nodeUrl(region.address()) + "/api/v1/objects/" + Objects.purgedKey(i)))
                        .header("Authorization", "Bearer " + cluster.adminToken)
                        .timeout(Duration.ofSeconds(30))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answered(response, "purge")) {
            objects.purged(i, version);
            tally.countServed("purge");
        }
    }

    private void upload(ThreadLocalRandom random) throws IOException, InterruptedException {
        byte[] body = new byte[1024 + random.nextInt(256 * 1024)];
        random.nextBytes(body);
        String key = "soak/u-" + SEQUENCE.incrementAndGet() + ".bin";
        String node = cluster.nodeUrl(
                Cluster.REGIONS.get(random.nextInt(Cluster.REGIONS.size())).address());
        HttpResponse<String> stored = http.send(
                HttpRequest.newBuilder(URI.create(node + "/api/v1/objects/" + key))
                        .header("Authorization", "Bearer " + cluster.adminToken)
                        .timeout(Duration.ofSeconds(30))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (!answered(stored, "upload")) {
            return;
        }
        objects.uploaded(key);
        HttpResponse<byte[]> back = get(node + "/" + key);
        if (!answered(back, "uploaded")) {
            return;
        }
        if (!Arrays.equals(back.body(), body)) {
            tally.corrupt(node + "/" + key + ": the uploaded object came back different");
            return;
        }
        tally.countServed("upload");
    }

    private static String classify(IOException e) {
        if (e instanceof ConnectException) {
            return "connect-refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        // A connection cut mid-answer (a node killed, a fill whose origin broke): the client sees
        // it as cut, which is right; a short body taken as whole would have been corrupt.
        return "cut";
    }
}
