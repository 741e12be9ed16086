package io.geotier.node.api;

import io.geotier.node.fetch.NotCachedException;
import io.geotier.node.fetch.OriginStatusException;
import io.geotier.node.store.InvalidKeyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The JSON body of every error answer: {"status":400,"error":"..."}. */
public record ApiError(int status, String error) {

    /** The answer for a failure of the data path; anything unforeseen is a 502 from the origin side. */
    public static Response response(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvalidKeyException e) {
            return of(400, e.getMessage());
        }
        if (cause instanceof NotCachedException e) {
            return of(504, e.getMessage());
        }
        if (cause instanceof OriginStatusException e) {
            return of(e.status(), e.getMessage());
        }
        return of(502, "object unavailable: " + cause.getMessage());
    }

    public static Response of(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, message)).build();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
