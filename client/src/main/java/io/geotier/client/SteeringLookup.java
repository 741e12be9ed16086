package io.geotier.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks geodns ({@code GET /steering?client=...} on its admin port) which nodes serve a user's
 * network, best first: the nodes of its answer, then the available nodes of each next region in
 * the order geodns would try them. Asked per client network (a /24 or a /56, as resolvers send
 * in ECS) and kept for the answer's TTL, so a busy site asks once per network per TTL.
 */
final class SteeringLookup {

    private final URI geodns;
    private final HttpClient http;
    private final Duration timeout;
    private final Remembered<String, List<SteeredNode>> answers;

    SteeringLookup(URI geodns, HttpClient http, Duration timeout, Remembered<String, List<SteeredNode>> answers) {
        this.geodns = URI.create(geodns.toString().replaceAll("/+$", ""));
        this.http = http;
        this.timeout = timeout;
        this.answers = answers;
    }

    /** The nodes for a user at this address, best first; empty when geodns cannot tell. */
    List<SteeredNode> nodesFor(InetAddress user) {
        String network = network(user);
        List<SteeredNode> known = answers.get(network);
        if (known != null) {
            return known;
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(geodns + "/steering?client=" + URLEncoder.encode(network, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of();
            }
            Map<String, Object> explained = JSON.std.mapFrom(response.body());
            List<SteeredNode> nodes = nodes(explained);
            Object ttl = map(explained.get("answer")).get("ttl");
            answers.put(network, nodes, Duration.ofSeconds(ttl instanceof Number n ? n.longValue() : 0));
            return nodes;
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The answer's nodes, then every other available node in the order of the regions. */
    static List<SteeredNode> nodes(Map<String, Object> explained) {
        Set<SteeredNode> ordered = new LinkedHashSet<>();
        Map<String, Object> answer = map(explained.get("answer"));
        for (Object node : list(answer.get("nodes"))) {
            node(map(node), (String) answer.get("region"), ordered);
        }
        for (Object region : list(explained.get("regions"))) {
            Map<String, Object> r = map(region);
            for (Object node : list(r.get("nodes"))) {
                if (Boolean.TRUE.equals(map(node).get("available"))) {
                    node(map(node), (String) r.get("name"), ordered);
                }
            }
        }
        return List.copyOf(new ArrayList<>(ordered));
    }

    private static void node(Map<String, Object> node, String region, Set<SteeredNode> into) {
        Object name = node.get("name");
        Object url = node.get("url");
        if (name instanceof String n && url instanceof String u) {
            into.add(new SteeredNode(n, region, URI.create(u)));
        }
    }

    /** The user's network as geodns is asked about it: a /24 or a /56, like ECS. */
    static String network(InetAddress user) {
        byte[] address = user.getAddress();
        int prefix = user instanceof Inet4Address ? 24 : 56;
        for (int bit = prefix; bit < address.length * 8; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of a valid length", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
