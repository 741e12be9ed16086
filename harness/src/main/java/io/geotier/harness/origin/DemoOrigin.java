package io.geotier.harness.origin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP origin serving the files of one directory: what a small web server in front of a
 * bucket looks like to Geotier. GET and HEAD; Content-Length, ETag, Last-Modified, Cache-Control;
 * If-None-Match and If-Modified-Since (304); one byte range (206). Paths under /slow/ serve the
 * same files at 20 MB/s, as the peer benchmark's origin does. {@link #faults()} makes it
 * misbehave; {@link #log()} records every request it received.
 */
public final class DemoOrigin implements AutoCloseable {

    static final long SLOW_BYTES_PER_SECOND = 20_000_000;
    /** IMF-fixdate: a two-digit day, which RFC_1123_DATE_TIME does not write. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .withZone(ZoneOffset.UTC);

    /** One request as the origin saw it. */
    public record Request(String method, String path, String query, Headers headers) {}

    private final Path root;
    private final HttpServer server;
    /**
     * {@code GET /_geotier/requests?path=media/x.bin}: {@code {"requests":N,"bodies":M}}, how many
     * requests for that path it received (any method, any answer) and how many bodies it sent.
     */
    public static final String REQUESTS_PATH = "/_geotier/requests";

    private final OriginFaults faults = new OriginFaults();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-origin");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong bodies = new AtomicLong();
    private volatile boolean keepLog = true;
    private final java.util.Map<String, AtomicLong> bodiesByPath = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every request by path (HEAD, conditional, 404 too); bounded by the paths clients ask for. */
    private final java.util.Map<String, AtomicLong> requestsByPath = new java.util.concurrent.ConcurrentHashMap<>();

    private DemoOrigin(Path root, InetSocketAddress address) throws IOException {
        this(root, HttpServer.create(address, 128));
    }

    private DemoOrigin(Path root, HttpServer server) {
        this.root = root.toAbsolutePath().normalize();
        this.server = server;
        server.createContext("/", this::handle);
        server.createContext(REQUESTS_PATH, this::answerRequests);
        server.setExecutor(workers);
    }

    /**
     * What a user watching the origin sees from outside: the demo's proof that a miss storm cost
     * one fetch, or that a region filled from a peer rather than from here.
     */
    private void answerRequests(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String path = query != null && query.startsWith("path=") ? query.substring(5) : null;
            AtomicLong requests = path == null ? null : requestsByPath.get(path);
            String json = path == null
                    ? "{\"error\":\"usage: " + REQUESTS_PATH + "?path=FILE\"}"
                    : String.format(
                            "{\"requests\":%d,\"bodies\":%d}",
                            requests == null ? 0 : requests.get(), getRequests(path));
            byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(path == null ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    public static DemoOrigin start(Path root, String host, int port) throws IOException {
        DemoOrigin origin = new DemoOrigin(root, new InetSocketAddress(host, port));
        origin.server.start();
        return origin;
    }

    /** The same origin over HTTPS (a stand-in for a node that serves HTTPS, in tests). */
    public static DemoOrigin startHttps(Path root, String host, int port, javax.net.ssl.SSLContext tls)
            throws IOException {
        com.sun.net.httpserver.HttpsServer https =
                com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(host, port), 128);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        DemoOrigin origin = new DemoOrigin(root, https);
        origin.server.start();
        return origin;
    }

    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://" + address.getHostString() + ":" + address.getPort());
    }

    /** How many bodies (200 or 206) it started sending: the origin fetches a cache caused. */
    public long getRequests() {
        return bodies.get();
    }

    /** How many bodies it started sending for one path (without the leading slash). */
    public long getRequests(String path) {
        AtomicLong count = bodiesByPath.get(path);
        return count == null ? 0 : count.get();
    }

    public OriginFaults faults() {
        return faults;
    }

    /**
     * Lets anyone who reaches the origin switch its faults with {@code POST /_geotier/faults}
     * (see {@link OriginControl}): for soak runs on loopback, never for an origin others use.
     */
    public DemoOrigin withFaultControl() {
        server.createContext(OriginControl.PATH, new OriginControl(faults));
        return this;
    }

    /** Stops recording requests: a long-running origin would otherwise keep every one in memory. */
    public DemoOrigin withoutLog() {
        keepLog = false;
        log.clear();
        return this;
    }

    public List<Request> log() {
        return log;
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
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            if (keepLog) {
                log.add(new Request(method, path, uri.getRawQuery(), exchange.getRequestHeaders()));
            }
            requestsByPath.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
            if (faults.dropConnections()) {
                throw new IOException("demo origin is down"); // the server closes the connection unanswered
            }
            pause(faults.headerDelay().toMillis());
            if (faults.forcedStatus() != 0) {
                reply(exchange, faults.forcedStatus(), "forced status");
                return;
            }
            String location = faults.redirect(path);
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                reply(exchange, 302, "moved");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                reply(exchange, 405, "method not allowed");
                return;
            }
            boolean slow = path.startsWith("slow/");
            Path file = resolve(slow ? path.substring(5) : path);
            if (file == null || !Files.isRegularFile(file)) {
                reply(exchange, 404, "not found");
                return;
            }
            serve(exchange, path, file, method.equals("HEAD"), slow ? SLOW_BYTES_PER_SECOND : faults.bytesPerSecond());
        }
    }

    private void serve(HttpExchange exchange, String path, Path file, boolean head, long rate) throws IOException {
        try (Opened opened = Opened.of(file)) {
            serve(exchange, path, file, opened, head, rate);
        }
    }

    /**
     * A file opened together with the attributes of that very file: a version written beside it
     * and renamed over it between the two would otherwise pair one version's length and ETag with
     * another's bytes (a torn body no origin ever had).
     */
    private record Opened(FileChannel channel, BasicFileAttributes attributes) implements AutoCloseable {
        static Opened of(Path file) throws IOException {
            while (true) {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
                FileChannel channel = FileChannel.open(file);
                BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
                if (java.util.Objects.equals(before.fileKey(), after.fileKey())) {
                    return new Opened(channel, after);
                }
                channel.close(); // replaced meanwhile: open the new one
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private void serve(HttpExchange exchange, String path, Path file, Opened opened, boolean head, long rate)
            throws IOException {
        long size = opened.channel().size();
        long modified = opened.attributes().lastModifiedTime().toMillis() / 1000 * 1000;
        // Each version gets its own tag (nanosecond time and file identity), even two in one second.
        String etag = "\""
                + Long.toHexString(opened.attributes().lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS))
                + "-" + Long.toHexString(size) + "-"
                + Integer.toHexString(
                        java.util.Objects.hashCode(opened.attributes().fileKey())) + "\"";
        Headers out = exchange.getResponseHeaders();
        out.set("ETag", etag);
        out.set("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(modified)));
        out.set("Content-Type", contentType(file));
        out.set("Cache-Control", "public, max-age=3600");
        out.set("Accept-Ranges", "bytes");
        faults.headers(path).forEach(out::set);
        Headers in = exchange.getRequestHeaders();
        if (notModified(in, etag, modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        long[] range = SingleRange.parse(in.getFirst("Range"), size);
        if (range != null && range.length == 0) {
            out.set("Content-Range", "bytes */" + size);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        long first = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        if (range != null) {
            out.set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        }
        int status = range == null ? 200 : 206;
        if (head) {
            out.set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        bodies.incrementAndGet();
        bodiesByPath.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
        exchange.sendResponseHeaders(status, length == 0 ? -1 : faults.isChunked(path) ? 0 : length);
        Long cut = faults.breakAfter(path);
        opened.channel().position(first);
        InputStream body = java.nio.channels.Channels.newInputStream(opened.channel());
        copy(body, exchange.getResponseBody(), cut == null ? length : Math.min(cut, length), rate);
        if (cut != null && cut < length) {
            throw new IOException("demo origin cut " + path + " after " + cut + " bytes");
        }
    }

    private static boolean notModified(Headers in, String etag, long modified) {
        String inm = in.getFirst("If-None-Match");
        if (inm != null) {
            return List.of(inm.split(",")).stream().map(String::trim).anyMatch(t -> t.equals(etag) || t.equals("*"));
        }
        String ims = in.getFirst("If-Modified-Since");
        if (ims != null) {
            try {
                return modified
                        <= ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant()
                                .toEpochMilli();
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Copies {@code length} bytes at no more than {@code rate} bytes per second (0: unlimited). */
    private static void copy(InputStream in, OutputStream out, long length, long rate) throws IOException {
        byte[] buffer = new byte[rate > 0 ? (int) Math.max(1024, Math.min(64 * 1024, rate / 50)) : 64 * 1024];
        long start = System.nanoTime();
        long sent = 0;
        while (sent < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - sent));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            sent += n;
            if (rate > 0) {
                out.flush();
                long due = start + sent * 1_000_000_000L / rate;
                pause((due - System.nanoTime()) / 1_000_000);
            }
        }
        out.flush();
    }

    /** Maps a request path into the root; anything that would leave it is not found. */
    private Path resolve(String path) {
        if (path.indexOf('\0') >= 0) {
            return null;
        }
        Path file = root.resolve(path).normalize();
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

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
