package io.geotier.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** What the client talks to, stood in for on loopback: a node, geodns's steering, a clock. */
final class StandIns {

    private StandIns() {}

    /** Answers like a node: HEAD only-if-cached 200 or 504; a sync makes the key cached (a fill). */
    static final class Node implements AutoCloseable {
        final Set<String> cached = ConcurrentHashMap.newKeySet();
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile Duration delay = Duration.ZERO;
        private final HttpServer server;

        Node() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requests.add(exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + " "
                        + exchange.getRequestHeaders().getFirst("Cache-Control"));
                sleep(delay);
                int status;
                if (exchange.getRequestMethod().equals("POST") && path.startsWith("/api/v1/objects/")) {
                    cached.add(path.substring("/api/v1/objects/".length(), path.length() - "/sync".length()));
                    status = 202;
                } else {
                    status = cached.contains(path.substring(1)) ? 200 : 504;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        /** Whether this request arrives within 5 s (a sync is sent in the background). */
        boolean received(String request) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!requests.contains(request)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                StandIns.sleep(Duration.ofMillis(10));
            }
            return true;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** geodns's GET /steering, answering what the test sets; the client values it asked about. */
    static final class Geodns implements AutoCloseable {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile Supplier<String> answer = () -> "{}";
        private final HttpServer server;

        Geodns() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/steering", exchange -> {
                asked.add(exchange.getRequestURI().getQuery());
                byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        /** The shape geodns answers in: the answer's node, then the regions in order with every node. */
        static String steering(long ttl, String answerRegion, URI answer, String otherRegion, URI... others) {
            StringBuilder regions = new StringBuilder();
            regions.append("{\"name\":\"")
                    .append(answerRegion)
                    .append("\",\"nodes\":[")
                    .append(node(answerRegion + "-1", answer, true))
                    .append("]}");
            regions.append(",{\"name\":\"").append(otherRegion).append("\",\"nodes\":[");
            for (int i = 0; i < others.length; i++) {
                regions.append(i > 0 ? "," : "").append(node(otherRegion + "-" + (i + 1), others[i], true));
            }
            regions.append("]}");
            return "{\"client\":\"x\",\"placed\":{\"source\":\"geoip\"},\"regions\":[" + regions
                    + "],\"answer\":{\"region\":\"" + answerRegion + "\",\"nodes\":["
                    + node(answerRegion + "-1", answer, true) + "],\"ttl\":" + ttl + "}}";
        }

        private static String node(String name, URI url, boolean available) {
            return "{\"name\":\"" + name + "\",\"addresses\":[\"127.0.0.1\"],\"url\":\"" + url + "\",\"up\":"
                    + available + ",\"drained\":false,\"available\":" + available + "}";
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A clock the test moves. */
    static final class Clock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private static void sleep(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
