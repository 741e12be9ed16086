package io.geotier.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What geodns answers a client for the steered name, and why (geodns's GET /steering). */
@Command(name = "dig", description = "What geodns would answer a client at IP or SUBNET, and why.")
final class DigCommand implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the steered name, e.g. cdn.example.com")
    String name;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "IP|SUBNET",
            description = "the client: an address, or a subnet as ECS sends it")
    String from;

    @Override
    public Integer call() {
        Cluster.Answer answer = cluster.send(HttpRequest.newBuilder(URI.create(
                        cluster.geodns + "/steering?client=" + URLEncoder.encode(from, StandardCharsets.UTF_8)
                                + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .GET());
        Map<String, Object> why = Cluster.ok(answer, "dig").body();
        cluster.print(spec.commandLine().getOut(), why, out -> printText(out, why));
        return 0;
    }

    private void printText(java.io.PrintWriter out, Map<String, Object> why) {
        Map<?, ?> placed = map(why.get("placed"));
        out.printf("%s from %s%n", name, why.get("client"));
        out.printf(
                "placed by %s: %s (ECS scope /%s)%n", placed.get("source"), where(placed), placed.get("scopePrefix"));
        out.println("regions, in the order tried:");
        for (Object r : list(why.get("regions"))) {
            Map<?, ?> region = map(r);
            Object km = region.get("km");
            out.printf(
                    "  %-14s %10s%n",
                    region.get("name"), km == null ? "" : String.format("%.0f km", ((Number) km).doubleValue()));
            for (Object n : list(region.get("nodes"))) {
                Map<?, ?> node = map(n);
                out.printf(
                        "    %-32s %-22s %s%n",
                        node.get("name"), String.join(" ", strings(node.get("addresses"))), state(node));
            }
        }
        Map<?, ?> chosen = map(why.get("answer"));
        if (chosen.get("fallback") != null) {
            out.printf("answer: %s (fallback: no node available), TTL %s%n", chosen.get("fallback"), chosen.get("ttl"));
        } else {
            List<String> addresses = list(chosen.get("nodes")).stream()
                    .flatMap(n -> strings(map(n).get("addresses")).stream())
                    .toList();
            out.printf(
                    "answer: %s from %s, TTL %s%n",
                    addresses.isEmpty() ? "SERVFAIL (no node known)" : String.join(" ", addresses),
                    chosen.get("region"),
                    chosen.get("ttl"));
        }
    }

    private static String where(Map<?, ?> placed) {
        if (placed.get("latitude") != null) {
            return "latitude " + placed.get("latitude") + ", longitude " + placed.get("longitude");
        }
        return "region " + placed.get("region");
    }

    private static String state(Map<?, ?> node) {
        if (Boolean.TRUE.equals(node.get("available"))) {
            return "available";
        }
        return (Boolean.TRUE.equals(node.get("drained")) ? "drained" : "down") + " (" + node.get("detail") + ")";
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
