package io.geotier.node.api;

import io.geotier.node.fetch.ObjectSource;
import io.geotier.node.store.InvalidKeyException;
import io.geotier.node.store.ObjectKey;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The data path: GET and HEAD of any object path, answered from the store or through a fill. */
@Path("/")
public class ObjectResource {

    private final ObjectSource source;
    private final ObjectResponses responses;

    public ObjectResource(ObjectSource source, ObjectResponses responses) {
        this.source = source;
        this.responses = responses;
    }

    @GET
    @Path("{path: .+}")
    public CompletionStage<Response> get(@Context HttpServerRequest request,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return deliver(request, cacheControl, true);
    }

    @HEAD
    @Path("{path: .+}")
    public CompletionStage<Response> head(@Context HttpServerRequest request,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return deliver(request, cacheControl, false);
    }

    private CompletionStage<Response> deliver(HttpServerRequest request, String cacheControl, boolean withBody) {
        ObjectKey key;
        try {
            // The raw path: decoding is ObjectKey's job, so encoded traversals are seen and refused.
            key = ObjectKey.fromRawPath(request.path());
        } catch (InvalidKeyException e) {
            return CompletableFuture.completedFuture(ApiError.of(400, e.getMessage()));
        }
        return source.obtain(key, onlyIfCached(cacheControl))
                .thenApply(delivery -> responses.of(delivery, withBody))
                .exceptionally(ApiError::response);
    }

    private static boolean onlyIfCached(String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("only-if-cached");
    }
}
