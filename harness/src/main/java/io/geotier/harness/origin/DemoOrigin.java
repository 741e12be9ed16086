package io.geotier.harness.origin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP origin serving the files of one directory: what a small web server in front of a
 * bucket looks like to Geotier. GET and HEAD, Content-Length, ETag, Last-Modified and
 * If-None-Match. It counts the GETs it answered so tests can see how often a node went to it.
 */
public final class DemoOrigin implements AutoCloseable {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Path root;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "demo-origin");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong getRequests = new AtomicLong();

    private DemoOrigin(Path root, InetSocketAddress address) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(address, 128);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
    }

    public static DemoOrigin start(Path root, String host, int port) throws IOException {
        DemoOrigin origin = new DemoOrigin(root, new InetSocketAddress(host, port));
        origin.server.start();
        return origin;
    }

    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public long getRequests() {
        return getRequests.get();
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                reply(exchange, 405, "method not allowed");
                return;
            }
            Path file = resolve(exchange.getRequestURI().getPath());
            if (file == null || !Files.isRegularFile(file)) {
                reply(exchange, 404, "not found");
                return;
            }
            serve(exchange, file, method.equals("HEAD"));
        }
    }

    private void serve(HttpExchange exchange, Path file, boolean head) throws IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size) + "\"";
        var headers = exchange.getResponseHeaders();
        headers.set("ETag", etag);
        headers.set("Last-Modified", HTTP_DATE.format(java.time.Instant.ofEpochMilli(modified)));
        headers.set("Content-Type", contentType(file));
        headers.set("Cache-Control", "public, max-age=3600");
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        if (head) {
            headers.set("Content-Length", Long.toString(size));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        getRequests.incrementAndGet();
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    /** Maps a request path into the root; anything that would leave it is not found. */
    private Path resolve(String path) {
        if (path == null || path.indexOf('\0') >= 0) {
            return null;
        }
        Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
        return file.startsWith(root) ? file : null;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        if (name.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        return "application/octet-stream";
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
