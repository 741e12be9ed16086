package io.geotier.geodns.health;

import io.geotier.geodns.GeodnsConfig;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * GET /nodes: every node geodns knows, its health and drain state. PUT and DELETE
 * /nodes/{name}/drain take a node out of the answers and put it back, at once here and, through
 * the {@link DrainStore}, for every replica and after a restart; they need the admin token as a
 * bearer token, compared in constant time.
 */
@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    public record NodeView(
            String name,
            String region,
            String address,
            List<String> addresses,
            int weight,
            boolean up,
            boolean drained,
            boolean available,
            int streak,
            String checkedAt,
            String changedAt,
            String detail,
            String healthUrl) {

        static NodeView of(NodeState s) {
            return new NodeView(
                    s.node().name(),
                    s.node().region(),
                    s.node().address().getHostAddress(),
                    s.node().addresses().stream()
                            .map(java.net.InetAddress::getHostAddress)
                            .toList(),
                    s.node().weight(),
                    s.up(),
                    s.drained(),
                    s.available(),
                    s.streak(),
                    s.checkedAt() == null ? null : s.checkedAt().toString(),
                    s.changedAt() == null ? null : s.changedAt().toString(),
                    s.detail(),
                    s.node().healthUrl().toString());
        }
    }

    /** How long a drain call waits for the registry to keep it. */
    private static final long KEEP_WAIT_MS = 2000;

    private final HealthProber prober;
    private final DrainStore drains;
    private final byte[] adminToken;

    public NodesResource(HealthProber prober, DrainStore drains, GeodnsConfig config) {
        this.prober = prober;
        this.drains = drains;
        this.adminToken = config.admin()
                .token()
                .filter(t -> !t.isBlank())
                .map(NodesResource::sha256)
                .orElse(null);
    }

    @GET
    public List<NodeView> nodes() {
        return prober.states().stream().map(NodeView::of).toList();
    }

    @PUT
    @Path("/{name}/drain")
    public Response drain(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        return setDrained(name, authorization, true);
    }

    @DELETE
    @Path("/{name}/drain")
    public Response undrain(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        return setDrained(name, authorization, false);
    }

    private Response setDrained(String name, String authorization, boolean drained) {
        if (adminToken == null) {
            return error(403, "no admin token is configured (geodns.admin.token)");
        }
        if (!authorized(authorization)) {
            return error(401, "a valid admin bearer token is required");
        }
        java.util.Optional<NodeState> changed = prober.drain(name, drained);
        if (changed.isEmpty()) {
            return error(404, "no node named " + name);
        }
        try {
            drains.record(name, drained).get(KEEP_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted while recording the drain");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Applied here already; the registry did not keep it, so other replicas and a restart would not know.
            return error(503, "applied on this geodns only: the registry did not take it; try again");
        }
        return Response.ok(NodeView.of(changed.get())).build();
    }

    private boolean authorized(String authorization) {
        String prefix = "Bearer ";
        // RFC 9110 §11.1: the scheme name is case-insensitive.
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        return MessageDigest.isEqual(
                adminToken, sha256(authorization.substring(prefix.length()).strip()));
    }

    /** Compared as digests so neither the token's bytes nor its length show in the time taken. */
    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("status", status, "error", message))
                .build();
    }
}
