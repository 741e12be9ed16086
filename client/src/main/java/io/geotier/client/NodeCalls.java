package io.geotier.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The two calls the client makes to a node. The question is bounded by the client's timeout (a
 * user waits on it); a sync by at least {@link #SYNC_TIMEOUT}, since it is sent in the background
 * and a sync lost to a busy moment would leave the object uncached for a whole cache time.
 */
final class NodeCalls {

    /** What a node said of an object. */
    enum Holding {
        CACHED,
        NOT_CACHED,
        /** Down, erring, or slower than the timeout: treated as not cached, and the next node is tried. */
        FAILED
    }

    private final HttpClient http;
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);

    private final Duration timeout;

    NodeCalls(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * {@code HEAD} with {@code Cache-Control: only-if-cached}, which a node answers from its store
     * alone (200) or with 504, never by fetching from the origin.
     */
    Holding ask(URI node, String key) {
        HttpRequest request = HttpRequest.newBuilder(objectUrl(node, key))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Cache-Control", "only-if-cached")
                .timeout(timeout)
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return Holding.CACHED;
            }
            return status == 504 || status == 404 ? Holding.NOT_CACHED : Holding.FAILED;
        } catch (IOException e) {
            return Holding.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Holding.FAILED;
        }
    }

    /** {@code POST /api/v1/objects/{key}/sync}: whether the node took it (202) or has it fresh (200). */
    CompletableFuture<Boolean> sync(URI node, String key) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(node + "/api/v1/objects/" + ObjectKeys.encode(key) + "/sync"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(timeout.compareTo(SYNC_TIMEOUT) > 0 ? timeout : SYNC_TIMEOUT)
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 200 || r.statusCode() == 202)
                .exceptionally(failure -> false);
    }

    static URI objectUrl(URI node, String key) {
        return URI.create(node + "/" + ObjectKeys.encode(key));
    }
}
