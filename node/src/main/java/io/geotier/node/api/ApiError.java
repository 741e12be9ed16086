package io.geotier.node.api;

import io.geotier.node.Failures;
import io.geotier.node.fetch.NotCachedException;
import io.geotier.node.fetch.OriginStatusException;
import io.geotier.node.fetch.OverloadedException;
import io.geotier.node.origin.AccessDeniedException;
import io.geotier.node.store.InvalidKeyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The JSON body of every error answer: {"status":400,"error":"..."}. */
public record ApiError(int status, String error) {

    /** The status for a failure of the data path; anything unforeseen is a 502 from the origin side. */
    public static ApiError of(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof InvalidKeyException || cause instanceof Preconditions.MalformedConditionException) {
            return new ApiError(400, cause.getMessage());
        }
        if (cause instanceof ByteRanges.MalformedRangeException) {
            return new ApiError(416, cause.getMessage());
        }
        if (cause instanceof AccessDeniedException) {
            return new ApiError(403, cause.getMessage());
        }
        if (cause instanceof NotCachedException) {
            return new ApiError(504, cause.getMessage());
        }
        if (cause instanceof OverloadedException) {
            return new ApiError(503, cause.getMessage());
        }
        if (cause instanceof OriginStatusException e) {
            return new ApiError(e.status(), e.getMessage());
        }
        return new ApiError(502, "object unavailable: " + cause.getMessage());
    }

    /** Sends this error unless the response has already started. */
    public void send(HttpServerResponse response) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        if (status == 503) {
            response.putHeader("Retry-After", "1"); // the bound is on work in flight, which ends within seconds
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("status", status).put("error", error).encode());
    }
}
