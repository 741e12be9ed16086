package io.geotier.geodns.explain;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.geo.ClientLocation;
import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.NodeState;
import io.geotier.geodns.reload.Reloader;
import io.geotier.geodns.steer.Answer;
import io.geotier.geodns.steer.Explanation;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.geodns.steer.SteeringFallback;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * GET /steering?client=ADDRESS[/PREFIX]: what geodns answers a client there, and why: where it
 * placed the client and from what (a coverage zone, GeoIP, or the default region), each region in
 * the order tried with its distance and its nodes' state, and the answer with its TTL. The
 * client library routes web users with it (the node closest to the user, not to the web server)
 * and {@code geotier dig --from} prints it. Read-only, like DNS itself, so it needs no token.
 */
@Path("/steering")
@Produces(MediaType.APPLICATION_JSON)
public class SteeringResource {

    /** Where the client was placed. */
    public record Placed(String source, String region, Double latitude, Double longitude, int scopePrefix) {}

    public record NodeView(
            String name,
            List<String> addresses,
            String url,
            boolean up,
            boolean drained,
            boolean available,
            String detail) {}

    public record RegionView(String name, Double km, List<NodeView> nodes) {}

    public record AnswerView(String region, List<NodeView> nodes, String fallback, long ttl) {}

    public record SteeringView(String client, Placed placed, List<RegionView> regions, AnswerView answer) {}

    private final Reloader data;
    private final Steering steering;
    private final HealthProber prober;

    public SteeringResource(Reloader data, Steering steering, HealthProber prober) {
        this.data = data;
        this.steering = steering;
        this.prober = prober;
    }

    @GET
    public Response explain(@QueryParam("client") String client, @QueryParam("name") String name) {
        org.xbill.DNS.Name steered = data.get().zone().steered();
        if (name != null && !isName(name, steered)) {
            // Explaining the steered name's answer for another name would mislead whoever asked
            return Response.status(404)
                    .entity(Map.of("status", 404, "error", name + " is not steered here; geodns steers " + steered))
                    .build();
        }
        Cidr asked;
        try {
            if (client == null || client.isBlank()) {
                throw new IllegalArgumentException("client=ADDRESS or client=ADDRESS/PREFIX is required");
            }
            asked = Cidr.parse(client.strip());
        } catch (IllegalArgumentException e) {
            return Response.status(400)
                    .entity(Map.of("status", 400, "error", "client: " + e.getMessage()))
                    .build();
        }
        ClientLocation location = data.get().locator().locate(asked.network(), asked.prefix());
        Explanation why = steering.explain(location);
        List<RegionView> regions = why.regions().stream()
                .map(r -> new RegionView(
                        r.name(),
                        Double.isNaN(r.km()) ? null : Math.round(r.km() * 10) / 10.0,
                        r.nodes().stream().map(this::view).toList()))
                .toList();
        return Response.ok(new SteeringView(asked.toString(), placed(location, why), regions, answer(why.answer())))
                .build();
    }

    private static Placed placed(ClientLocation location, Explanation why) {
        if (location instanceof ClientLocation.InRegion r) {
            return new Placed("coverage-zone", r.region(), null, null, r.scopePrefix());
        }
        if (location instanceof ClientLocation.AtPoint p) {
            return new Placed("geoip", null, p.latitude(), p.longitude(), p.scopePrefix());
        }
        return new Placed("default", why.defaultRegion(), null, null, location.scopePrefix());
    }

    private AnswerView answer(Answer answer) {
        if (answer instanceof Answer.Fallback f) {
            return new AnswerView(null, List.of(), describe(f.target()), f.ttl());
        }
        Answer.Nodes n = (Answer.Nodes) answer;
        return new AnswerView(
                n.nodes().isEmpty() ? null : n.region(),
                n.nodes().stream().map(this::view).toList(),
                null,
                n.ttl());
    }

    private static String describe(SteeringFallback fallback) {
        return fallback instanceof SteeringFallback.Address a
                ? a.address().getHostAddress()
                : ((SteeringFallback.Alias) fallback).target().toString();
    }

    private NodeView view(Node node) {
        NodeState state = prober.state(node.name()).orElse(null);
        URI health = node.healthUrl();
        return new NodeView(
                node.name(),
                node.addresses().stream()
                        .map(java.net.InetAddress::getHostAddress)
                        .toList(),
                health.getScheme() + "://" + health.getRawAuthority(),
                state != null && state.up(),
                state != null && state.drained(),
                state != null && state.available(),
                state == null ? "not known to the prober" : state.detail());
    }

    /** Whether the name asked for (with or without its final dot, any case) is the steered name. */
    private static boolean isName(String asked, org.xbill.DNS.Name steered) {
        try {
            return org.xbill.DNS.Name.fromString(asked.strip(), org.xbill.DNS.Name.root)
                    .equals(steered);
        } catch (org.xbill.DNS.TextParseException e) {
            return false;
        }
    }
}
