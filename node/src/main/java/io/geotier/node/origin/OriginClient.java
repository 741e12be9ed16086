package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches objects from the configured origin over HTTP. Counts the time to the response headers
 * (geotier_origin_fetch_seconds) and every body byte read (geotier_origin_bytes_total).
 */
@Singleton
@Typed(OriginClient.class) // the node's Origin is chosen in OriginWiring; this is its HTTP transport
public class OriginClient implements Origin {

    private final OriginConfig config;
    private final HttpClient http;
    private final MeterRegistry registry;
    private final Counter originBytes;
    private final Counter peerBytes;
    private final RedirectRule redirects;

    public OriginClient(OriginConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.redirects = new RedirectRule(config);
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // followed here, only where RedirectRule allows
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.peerBytes = Counter.builder("geotier.peer.bytes")
                .description("Body bytes read from other nodes (peer fill)")
                .register(registry);
        this.originBytes = Counter.builder("geotier.origin.bytes")
                .description("Body bytes read from the origin")
                .register(registry);
    }

    @Override
    public OriginResponse get(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException {
        return send("GET", key, rawQuery, headers);
    }

    @Override
    public OriginResponse head(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException {
        return send("HEAD", key, rawQuery, headers);
    }

    private OriginResponse send(String method, ObjectKey key, String rawQuery, Map<String, String> headers)
            throws IOException {
        URI url = urlOf(key, rawQuery);
        for (int hop = 0; ; hop++) {
            OriginResponse response = sendOnce(method, url, key, headers, originBytes);
            Optional<URI> next = redirects.next(url, response);
            if (next.isEmpty() || hop >= RedirectRule.MAX_HOPS) {
                return response; // a redirect not followed is the caller's to refuse
            }
            response.close();
            url = next.get();
        }
    }

    /** One request to a URL made elsewhere (an S3 URL the node presigned, a peer node); no redirect is followed. */
    public OriginResponse fetch(String method, URI url, ObjectKey key, Map<String, String> headers) throws IOException {
        return sendOnce(method, url, key, headers, originBytes);
    }

    /** A GET of another node's copy (peer fill): its bytes count as geotier_peer_bytes_total, not origin bytes. */
    public OriginResponse fetchFromPeer(URI url, ObjectKey key, Map<String, String> headers) throws IOException {
        return sendOnce(http, "GET", url, key, headers, peerBytes);
    }

    /** The same over a client of the caller's (HTTPS to peers, with their TLS). */
    public OriginResponse fetchFromPeer(HttpClient client, URI url, ObjectKey key, Map<String, String> headers)
            throws IOException {
        return sendOnce(client, "GET", url, key, headers, peerBytes);
    }

    private OriginResponse sendOnce(String method, URI url, ObjectKey key, Map<String, String> headers, Counter bytes)
            throws IOException {
        return sendOnce(http, method, url, key, headers, bytes);
    }

    private OriginResponse sendOnce(
            HttpClient http, String method, URI url, ObjectKey key, Map<String, String> headers, Counter bytes)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("User-Agent", "geotier-node")
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            outcome = Integer.toString(response.statusCode());
            return new OriginResponse(
                    response.statusCode(), response.headers(), new CountingStream(response.body(), bytes));
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            throw new OriginTimeoutException("origin sent no response for " + key + " within " + config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + key, e);
        } finally {
            sample.stop(Timer.builder("geotier.origin.fetch")
                    .description("Time until the origin's response headers, by status")
                    .tag("status", outcome)
                    .register(registry));
        }
    }

    /** The origin URL: the base URL's path, a slash, the key's path and the raw query (both already encoded). */
    @Override
    public URI urlOf(ObjectKey key, String rawQuery) {
        String base = config.base().toString().replaceAll("/+$", "");
        try {
            return URI.create(base + "/" + key.path() + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build origin URL for " + key, e);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private final Counter bytes;

        CountingStream(InputStream in, Counter bytes) {
            super(in);
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytes.increment(n);
            }
            return n;
        }
    }
}
