package io.geotier.geodns.health;

import io.geotier.geodns.server.DnsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** GET /nodes: every node geodns knows and the result of its last health probe. */
@Path("/nodes")
public class NodesResource {

    public record NodeState(String name, String region, String address, boolean healthy, String checkedAt,
            String detail, String healthUrl) {
    }

    private final DnsService dns;

    public NodesResource(DnsService dns) {
        this.dns = dns;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<NodeState> nodes() {
        return dns.prober().states().stream()
                .map(h -> new NodeState(h.node().name(), h.node().region(), h.node().address().getHostAddress(),
                        h.healthy(), h.checkedAt() == null ? null : h.checkedAt().toString(), h.detail(),
                        h.node().healthUrl().toString()))
                .toList();
    }
}
