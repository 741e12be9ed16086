package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Fetches objects from the configured origin over HTTP. Counts the time to the response headers
 * (geotier_origin_fetch_seconds) and every body byte read (geotier_origin_bytes_total).
 */
@Singleton
public class OriginClient {

    private final OriginConfig config;
    private final HttpClient http;
    private final MeterRegistry registry;
    private final Counter originBytes;

    public OriginClient(OriginConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.originBytes = Counter.builder("geotier.origin.bytes")
                .description("Body bytes read from the origin").register(registry);
    }

    /**
     * GETs the object; the caller owns (and must close) the response body.
     *
     * @param rawQuery the client's query as received (presigned-URL parameters included), or null
     * @param headers  extra request headers: validators for a revalidation, Range for a pass-through
     * @throws OriginTimeoutException when no response headers came within the timeout
     */
    public OriginResponse get(ObjectKey key, String rawQuery, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(urlOf(key, rawQuery))
                .timeout(config.timeout())
                .header("User-Agent", "geotier-node")
                .GET();
        headers.forEach(request::header);
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            outcome = Integer.toString(response.statusCode());
            return new OriginResponse(response.statusCode(), response.headers(), new CountingStream(response.body()));
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            throw new OriginTimeoutException("origin sent no response for " + key + " within " + config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + key, e);
        } finally {
            sample.stop(Timer.builder("geotier.origin.fetch")
                    .description("Time until the origin's response headers, by status")
                    .tag("status", outcome).register(registry));
        }
    }

    /** The origin URL: the base URL's path, a slash, the key's path quoted as needed, the raw query. */
    public URI urlOf(ObjectKey key, String rawQuery) {
        URI base = config.url();
        String basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        try {
            String url = new URI(base.getScheme(), base.getAuthority(), basePath + "/" + key.path(), null, null).toASCIIString();
            return URI.create(rawQuery == null || rawQuery.isEmpty() ? url : url + "?" + rawQuery);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build origin URL for " + key, e);
        }
    }

    private final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                originBytes.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                originBytes.increment(n);
            }
            return n;
        }
    }
}
