package io.geotier.node.admin;

import io.geotier.node.api.ApiError;
import io.geotier.node.cluster.NodeRegistry;
import io.geotier.registry.NodeEntry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The node registry of every region, as this node's Infinispan site holds it. */
@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    private final NodeRegistry registry;

    public NodesResource(NodeRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Blocking
    @Operation(
            summary = "Every registered node of every region",
            description =
                    "Each node renews its entry by heartbeat; one that stops disappears after geotier.registry.lifespan.")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "nodes", value = """
            [{"name":"eu-west@127.0.1.1:8080","region":"eu-west","addresses":["127.0.1.1:8080"],"latitude":51.5072,
            "longitude":-0.1276,"capacityBps":1000000000,"egressBps":8388608,"connections":-1,"adminState":"active",
            "heartbeatAt":1796221200000}]""")))
    @APIResponse(responseCode = "503", description = "The cluster cannot be reached")
    public Response nodes() {
        try {
            List<NodeEntry> all = registry.all();
            return Response.ok(all).build();
        } catch (RuntimeException e) {
            return Response.status(503)
                    .header("Retry-After", "1")
                    .entity(new ApiError(503, "the node registry cannot be read: " + e.getMessage()))
                    .build();
        }
    }
}
