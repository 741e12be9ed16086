package io.geotier.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The cluster at a glance: every node geodns knows (its health and drain state), its load against
 * its capacity (from the registry), and its hit ratio and store use (from its own metrics). A node
 * whose metrics cannot be read is still listed, with "-" for what it did not say.
 */
@Command(name = "status", description = "Regions and nodes: health, drained, load, hit ratio, store use.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Map<String, Object>> nodes = geodnsNodes(cluster);
        Map<String, Map<String, Object>> registry = registry();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> node : nodes) {
            String name = String.valueOf(node.get("name"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("region", node.get("region"));
            row.put("node", name);
            row.put("state", state(node));
            row.put("detail", node.get("detail"));
            Map<String, Object> entry = registry.getOrDefault(name, Map.of());
            long capacity = number(entry.get("capacityBps"));
            row.put("egressBps", entry.get("egressBps"));
            row.put("capacityBps", entry.get("capacityBps"));
            row.put("load", capacity > 0 ? (double) number(entry.get("egressBps")) / capacity : null);
            row.putAll(NodeMetrics.read(cluster, baseUrl(node)).asMap());
            rows.add(row);
        }
        cluster.print(spec.commandLine().getOut(), Map.of("nodes", rows), out -> printTable(out, rows));
        return 0;
    }

    private static void printTable(java.io.PrintWriter out, List<Map<String, Object>> rows) {
        List<List<String>> table = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            table.add(List.of(
                    String.valueOf(r.get("region")),
                    String.valueOf(r.get("node")),
                    String.valueOf(r.get("state")),
                    percent(r.get("load")),
                    percent(r.get("hitRatio")),
                    r.get("storeBytes") == null
                            ? "-"
                            : mib(r.get("storeBytes")) + " / " + mib(r.get("storeBudgetBytes")) + " MiB"));
        }
        Output.table(out, List.of("REGION", "NODE", "STATE", "LOAD", "HITS", "STORE"), table);
    }

    private static String state(Map<String, Object> node) {
        if (Boolean.TRUE.equals(node.get("drained"))) {
            return Boolean.TRUE.equals(node.get("up")) ? "drained" : "drained, down";
        }
        return Boolean.TRUE.equals(node.get("up")) ? "up" : "down";
    }

    /** Every node geodns knows, as its /nodes lists them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> geodnsNodes(Cluster cluster) {
        return cluster.list(URI.create(cluster.geodns + "/nodes"), "geodns's node list").stream()
                .filter(Map.class::isInstance)
                .map(n -> (Map<String, Object>) n)
                .toList();
    }

    /** The registry's entries by node name, as a node reports them; empty when it cannot tell. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> registry() {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        try {
            Cluster.Answer answer = cluster.send(HttpRequest.newBuilder(URI.create(cluster.node + "/api/v1/nodes"))
                    .GET());
            Object list = com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(answer.text());
            if (list instanceof List<?> entries) {
                for (Object e : entries) {
                    if (e instanceof Map<?, ?> m) {
                        byName.put(String.valueOf(m.get("name")), (Map<String, Object>) m);
                    }
                }
            }
        } catch (CliFailure | java.io.IOException e) {
            // load is shown as "-": geodns's view still stands
        }
        return byName;
    }

    /** The node's base URL: the origin of the URL geodns probes it at. */
    static URI baseUrl(Map<String, Object> node) {
        URI health = URI.create(String.valueOf(node.get("healthUrl")));
        return URI.create(health.getScheme() + "://" + health.getRawAuthority());
    }

    private static String percent(Object ratio) {
        return ratio instanceof Number n ? String.format("%.0f%%", n.doubleValue() * 100) : "-";
    }

    private static long mib(Object bytes) {
        return number(bytes) >> 20;
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
