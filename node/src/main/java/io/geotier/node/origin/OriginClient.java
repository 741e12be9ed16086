package io.geotier.node.origin;

import io.geotier.node.store.ObjectKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Fetches objects from the configured origin over HTTP. */
@ApplicationScoped
public class OriginClient {

    private final OriginConfig config;
    private final HttpClient http;

    public OriginClient(OriginConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** GETs the object; the caller owns (and must close) the response body. */
    public OriginResponse get(ObjectKey key) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(urlOf(key))
                .timeout(config.timeout())
                .header("User-Agent", "geotier-node")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new OriginResponse(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + key, e);
        }
    }

    /** The origin URL of a key: the base URL's path, a slash, the key with each character quoted as needed. */
    public URI urlOf(ObjectKey key) {
        URI base = config.url();
        String basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        try {
            return new URI(base.getScheme(), base.getRawAuthority() == null ? null : base.getAuthority(),
                    basePath + "/" + key.path(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build origin URL for " + key, e);
        }
    }
}
