package io.geotier.node.admin;

import io.geotier.node.api.ApiError;
import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.cluster.ObjectCatalog;
import io.geotier.node.cluster.PurgeLog;
import io.geotier.node.fetch.Syncs;
import io.geotier.node.fetch.Uploads;
import io.geotier.node.store.KeyPolicy;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.Purge;
import io.geotier.node.store.StoredObject;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * What cache-tier's client asked of a cache: is this object here (verify), and fetch it now
 * (sync). Neither needs the admin token: verify reads the local store only, and sync does
 * nothing a GET would not, bounded. The key is the object's path as the data port takes it,
 * still percent-encoded, so both name exactly the object a GET of that path would serve.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(
        securitySchemeName = "admin",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "GEOTIER_ADMIN_TOKEN of the node")
public class ObjectsResource {

    private final ObjectStore store;
    private final KeyPolicy keys;
    private final Syncs syncs;
    private final NodeIdentity identity;
    private final Uploads uploads;
    private final java.time.InstantSource clock;
    private final PurgeLog purges;
    private final ObjectCatalog catalog;
    /** How long verify waits for the shared catalog before answering with this node's view alone. */
    private static final java.time.Duration CATALOG_WAIT = java.time.Duration.ofMillis(500);
    /** How long a purge call waits for the cluster to take the purge before answering "queued". */
    private static final java.time.Duration SHARE_WAIT = java.time.Duration.ofSeconds(2);

    public ObjectsResource(
            ObjectStore store,
            KeyPolicy keys,
            Syncs syncs,
            NodeIdentity identity,
            Uploads uploads,
            java.time.InstantSource clock,
            PurgeLog purges,
            ObjectCatalog catalog) {
        this.catalog = catalog;
        this.purges = purges;
        this.clock = clock;
        this.uploads = uploads;
        this.store = store;
        this.keys = keys;
        this.syncs = syncs;
        this.identity = identity;
    }

    /** Verify: what this node holds for the key. Never asks the origin. */
    @GET
    @Operation(
            summary = "Verify: is the object cached on this node?",
            description =
                    "The key is the object's path on the data port, still percent-encoded. Never asks the origin.")
    @APIResponse(
            responseCode = "200",
            description = "What the node holds; absent fields are omitted",
            content = @Content(examples = @ExampleObject(name = "stored", value = """
                    {"present":true,"key":"media/1mib.bin","size":1048576,"etag":"\\"19c1e-100000\\"",
                    "contentType":"application/octet-stream","storedAt":"2026-12-02T12:30:00Z",
                    "expiresAt":"2026-12-02T13:30:00Z","region":"eu-west","node":"eu-west@127.0.1.1:8080",
                    "heldBy":["eu-west@127.0.1.1:8080","us-east@127.0.2.1:8080"]}""")))
    @APIResponse(responseCode = "400", description = "A key the data path would refuse")
    @Path("objects/{key: .+}")
    public ObjectInfo verify(@Context HttpServerRequest request) {
        ObjectKey key = keyOf(request, "/objects/", "");
        ObjectInfo here = store.find(key).map(o -> ObjectInfo.of(o, identity)).orElseGet(() -> ObjectInfo.absent(key));
        return catalog.find(key, CATALOG_WAIT)
                .map(r -> here.heldBy(r.holders()))
                .orElse(here);
    }

    /** packrat's exists. */
    @GET
    @Operation(summary = "Exists: {\"present\": true|false} for the key on this node")
    @Path("exists/{key: .+}")
    public Map<String, Boolean> exists(@Context HttpServerRequest request) {
        return Map.of("present", store.find(keyOf(request, "/exists/", "")).isPresent());
    }

    /** Sync: fill the object in the background if it is absent or expired; 202 at once. */
    @POST
    @Operation(
            summary = "Sync: fetch the object into this node now, in the background",
            description = "Joins a fill already in flight. Location names the verify call to watch.")
    @APIResponse(
            responseCode = "202",
            description = "A fill started",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            name = "filling",
                                            value = "{\"key\":\"media/1mib.bin\",\"state\":\"filling\"}")))
    @APIResponse(responseCode = "200", description = "Already stored and fresh: nothing to do")
    @APIResponse(
            responseCode = "429",
            description = "geotier.limits.max-syncs syncs already running; Retry-After says when to retry")
    @Path("objects/{key: .+}/sync")
    public Response sync(@Context HttpServerRequest request) {
        ObjectKey key = keyOf(request, "/objects/", "/sync");
        String sync = request.absoluteURI();
        URI watch =
                URI.create(sync.substring(0, sync.length() - "/sync".length())); // absolute: JAX-RS would prefix a path
        return switch (syncs.sync(key)) {
            case ALREADY_FRESH ->
                Response.ok(Map.of("key", key.id(), "state", "fresh"))
                        .location(watch)
                        .build();
            case STARTED ->
                Response.accepted(Map.of("key", key.id(), "state", "filling"))
                        .location(watch)
                        .build();
            case BUSY ->
                Response.status(429)
                        .header("Retry-After", "1")
                        .entity(new ApiError(429, "too many syncs in flight; try again shortly"))
                        .build();
        };
    }

    /**
     * Purge one object on this node: it stops being served at once and its bytes are removed; with
     * {@code soft=true} it is marked stale instead, so the next request revalidates with the
     * origin (and stale-if-error still covers a failing origin).
     */
    @DELETE
    @AdminOnly
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Purge the object on this node (soft=true: mark it stale instead)")
    @APIResponse(
            responseCode = "200",
            description = "Purged",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            name = "hard",
                                            value =
                                                    "{\"purgeId\":\"6f0c…\",\"key\":\"media/1mib.bin\",\"purged\":true,\"soft\":false}")))
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
    @APIResponse(responseCode = "403", description = "The node has no admin token: admin calls are off")
    @Path("objects/{key: .+}")
    public Map<String, Object> purge(@Context HttpServerRequest request, @QueryParam("soft") boolean soft)
            throws java.io.IOException {
        ObjectKey key = keyOf(request, "/objects/", "");
        Purge purge = Purge.issue(Purge.Kind.KEY, key.id(), soft, clock.instant());
        PurgeLog.Outcome outcome = purges.purge(purge, SHARE_WAIT);
        return Map.of(
                "purgeId",
                purge.id(),
                "key",
                key.id(),
                "purged",
                outcome.taken() > 0,
                "soft",
                soft,
                "cluster",
                cluster(outcome));
    }

    /**
     * Purge every object under a key prefix, or every object carrying a tag (the origin's
     * Surrogate-Key or Cache-Tag, or an upload's tags), on this node: "every episode of one podcast".
     */
    @DELETE
    @AdminOnly
    @Path("objects")
    @SecurityRequirement(name = "admin")
    @Operation(
            summary =
                    "Purge every object whose key starts with prefix, or that carries tag (soft=true: mark them stale instead)")
    @APIResponse(
            responseCode = "200",
            description = "Purged",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            name = "prefix",
                                            value =
                                                    "{\"purgeId\":\"2b1d…\",\"prefix\":\"podcasts/show-1/\",\"purged\":12,\"soft\":false}")))
    @APIResponse(responseCode = "400", description = "No prefix, or one that is not a valid key path")
    public Map<String, Object> purgeMany(
            @QueryParam("prefix") String prefix, @QueryParam("tag") String tag, @QueryParam("soft") boolean soft)
            throws java.io.IOException {
        if ((prefix == null) == (tag == null)) {
            throw new io.geotier.node.store.InvalidKeyException(
                    "give one of prefix or tag (purging everything is not offered)");
        }
        String canonical = prefix == null ? null : ObjectKey.canonicalPrefix(prefix);
        Purge purge = prefix == null
                ? Purge.issue(Purge.Kind.TAG, tag, soft, clock.instant())
                : Purge.issue(Purge.Kind.PREFIX, canonical, soft, clock.instant());
        PurgeLog.Outcome outcome = purges.purge(purge, SHARE_WAIT);
        return Map.of(
                "purgeId",
                purge.id(),
                prefix == null ? "tag" : "prefix",
                purge.target(),
                "purged",
                outcome.taken(),
                "soft",
                soft,
                "cluster",
                cluster(outcome));
    }

    private static String cluster(PurgeLog.Outcome outcome) {
        return outcome.shared() ? "shared" : "queued";
    }

    /**
     * Upload (packrat): the raw body becomes the object, streamed to disk through the same commit
     * and budget as a fill. {"success": true, ...} or {"success": false, "error", "message"}.
     */
    @PUT
    @AdminOnly
    @Blocking
    @Path("objects/{key: .+}")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Upload: the raw request body becomes the object (token)")
    @APIResponse(
            responseCode = "201",
            description = "Stored",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            name = "stored",
                                            value =
                                                    "{\"success\":true,\"key\":\"packages/app-1.2.tar.gz\",\"size\":3145728,"
                                                            + "\"etag\":\"\\\"9f86d081884c7d659a2feaa0c55ad015\\\"\"}")))
    @APIResponse(
            responseCode = "413",
            description = "Larger than geotier.upload.max-size or the store's budget; nothing stored")
    @APIResponse(responseCode = "400", description = "The body ended before its Content-Length; nothing stored")
    public Response upload(@Context HttpServerRequest request, @QueryParam("tags") String tags, InputStream body)
            throws java.io.IOException {
        ObjectKey key = keyOf(request, "/objects/", "");
        String length = request.getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return failure(400, "incomplete_body", e.getMessage());
        }
        return put(key, body, declared, request.getHeader("Content-Type"), tags, null);
    }

    /**
     * Upload as packrat's form sends it: multipart, the body in field {@code file} (its file name
     * kept and sent back as Content-Disposition on every GET), optional {@code tags}. The part is
     * spooled to the HTTP layer's upload directory first, then streamed into the store.
     */
    @POST
    @AdminOnly
    @Blocking
    @Path("objects/{key: .+}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Upload a form's file field (multipart); its file name comes back as Content-Disposition")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "400", description = "No file field")
    @APIResponse(responseCode = "413", description = "Larger than geotier.upload.max-size or the store's budget")
    public Response uploadForm(
            @Context HttpServerRequest request, @RestForm("file") FileUpload file, @RestForm("tags") String tags)
            throws java.io.IOException {
        ObjectKey key = keyOf(request, "/objects/", "");
        if (file == null) {
            return failure(400, "no_file", "the form has no field named file");
        }
        try (InputStream in = java.nio.file.Files.newInputStream(file.uploadedFile())) {
            return put(key, in, file.size(), file.contentType(), tags, file.fileName());
        }
    }

    /** Stores an upload and answers as packrat did: 201 {"success": true, ...}, else the failure. */
    private Response put(ObjectKey key, InputStream body, long length, String contentType, String tags, String fileName)
            throws java.io.IOException {
        try {
            StoredObject stored = uploads.put(key, body, length, contentType, StoredObject.parseTags(tags), fileName);
            Map<String, Object> answer = new java.util.LinkedHashMap<>(
                    Map.of("success", true, "key", stored.key().id(), "size", stored.size(), "etag", stored.etag()));
            if (fileName != null) {
                answer.put("fileName", fileName);
            }
            return Response.status(201).entity(answer).build();
        } catch (Uploads.TooLargeException e) {
            return failure(413, "too_large", e.getMessage());
        } catch (Uploads.TruncatedException e) {
            return failure(400, "incomplete_body", e.getMessage());
        }
    }

    private static Response failure(int status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("success", false, "error", error, "message", message))
                .build();
    }

    /**
     * The key from the raw request path, as the data route reads it: JAX-RS hands over path
     * parameters after removing dot segments and decoding, so "a%2F..%2Fb" would reach a
     * resource as "b", another object than a GET of that path names (or refuses).
     */
    private ObjectKey keyOf(HttpServerRequest request, String marker, String suffix) {
        String raw = request.path();
        int start = raw.indexOf(marker) + marker.length();
        return keys.keyOf("/" + raw.substring(start, raw.length() - suffix.length()), null);
    }
}
