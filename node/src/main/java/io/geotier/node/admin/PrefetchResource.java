package io.geotier.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geotier.node.api.ApiError;
import io.geotier.node.fetch.PrefetchJob;
import io.geotier.node.fetch.Prefetches;
import io.geotier.node.store.KeyPolicy;
import io.geotier.node.store.ObjectKey;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Prefetch: warm many keys with one call, then poll the job's progress (done, failed with
 * reasons, bytes and rate) to draw a progress bar. Token required: it makes the origin work.
 */
@Path("/prefetch")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = "admin")
public class PrefetchResource {

    private static final TypeReference<List<String>> KEY_LIST = new TypeReference<>() {};

    /** Room for geotier.prefetch.max-keys keys of a few hundred bytes each. */
    private static final int MAX_BODY_BYTES = 4 << 20;

    private final Prefetches prefetches;
    private final KeyPolicy keys;
    private final ObjectMapper json;

    public PrefetchResource(Prefetches prefetches, KeyPolicy keys, ObjectMapper json) {
        this.prefetches = prefetches;
        this.keys = keys;
        this.json = json;
    }

    @POST
    @Blocking
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(
            summary = "Prefetch: warm a list of keys on this node",
            description = "The body is a JSON array of keys, or text with one key per line (as GET paths, with or"
                    + " without the leading slash). Location names the job to poll.")
    @APIResponse(
            responseCode = "202",
            description = "The job started",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            name = "started",
                                            value =
                                                    "{\"id\":\"0b6c…\",\"total\":2,\"done\":0,\"failed\":[],\"bytes\":0,"
                                                            + "\"bytesPerSecond\":0,\"startedAt\":\"2026-12-02T14:00:00Z\",\"complete\":false}")))
    @APIResponse(
            responseCode = "400",
            description = "A malformed body or key, or more keys than geotier.prefetch.max-keys")
    @APIResponse(responseCode = "413", description = "A body over 4 MiB")
    public Response start(@Context HttpServerRequest request, java.io.InputStream in) throws java.io.IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return Response.status(413)
                    .entity(new ApiError(413, "a prefetch list is at most 4 MiB"))
                    .build();
        }
        String body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        List<ObjectKey> parsed = new ArrayList<>();
        try {
            for (String line : lines(request.getHeader("Content-Type"), body)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty()) {
                    parsed.add(keyOf(trimmed));
                }
            }
            PrefetchJob job = prefetches.start(parsed);
            URI watch = URI.create(request.absoluteURI().replaceAll("/+$", "") + "/" + job.id());
            return Response.accepted(job.progress()).location(watch).build();
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Response.status(400)
                    .entity(new ApiError(400, e.getMessage()))
                    .build();
        }
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A prefetch job's progress")
    @APIResponse(responseCode = "200", description = "Progress; complete is true once every key ended")
    @APIResponse(responseCode = "404", description = "No such job (jobs are kept for an hour)")
    public Response progress(@PathParam("id") String id) {
        return prefetches
                .find(id)
                .map(job -> Response.ok(job.progress()).build())
                .orElseGet(() -> Response.status(404)
                        .entity(new ApiError(404, "no prefetch job " + id))
                        .build());
    }

    private List<String> lines(String contentType, String body) throws JsonProcessingException {
        if (body == null) {
            return List.of();
        }
        if (contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return json.readValue(body, KEY_LIST);
        }
        return body.lines().toList();
    }

    private ObjectKey keyOf(String line) {
        String path = line.startsWith("/") ? line : "/" + line;
        int query = path.indexOf('?');
        return query < 0 ? keys.keyOf(path, null) : keys.keyOf(path.substring(0, query), path.substring(query + 1));
    }
}
