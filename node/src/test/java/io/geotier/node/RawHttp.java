package io.geotier.node;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Requests to a node with the JDK client, for tests that need the raw response: rest-assured would
 * normalise paths, and cannot read a body while it is still arriving.
 */
public final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RawHttp() {}

    /** A GET of the key under the node's base URI, with header name/value pairs. */
    public static HttpRequest request(URI base, String key, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://" + base.getRawAuthority() + "/" + key));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    public static HttpResponse<byte[]> get(URI base, String key, String... headers) throws Exception {
        return HTTP.send(request(base, key, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<byte[]> head(URI base, String key) throws Exception {
        HttpRequest head = HttpRequest.newBuilder(request(base, key).uri())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(head, HttpResponse.BodyHandlers.ofByteArray());
    }

    public static CompletableFuture<HttpResponse<byte[]>> getAsync(URI base, String key) {
        return HTTP.sendAsync(request(base, key), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The response as soon as its headers are in, its body to be read as it arrives. */
    public static HttpResponse<InputStream> open(URI base, String key) throws Exception {
        return HTTP.send(request(base, key), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The X-Cache status, "" without one. */
    public static String cache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse("");
    }

    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
