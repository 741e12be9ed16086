package io.geotier.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What status reads from a node's /q/metrics (Prometheus text): requests by cache result, and the
 * store's bytes against its budget. Hit ratio: answers from the store (HIT, STALE, REVALIDATED)
 * over every object request.
 */
record NodeMetrics(Double hitRatio, Long requests, Long storeBytes, Long storeBudgetBytes) {

    static NodeMetrics read(Cluster cluster, URI node) {
        try {
            Cluster.Answer answer = cluster.send(
                    HttpRequest.newBuilder(URI.create(node + "/q/metrics")).GET());
            if (answer.status() != 200) {
                return new NodeMetrics(null, null, null, null);
            }
            return parse(answer.text());
        } catch (CliFailure unreachable) {
            return new NodeMetrics(null, null, null, null);
        }
    }

    static NodeMetrics parse(String text) {
        double fromStore = 0;
        double all = 0;
        Long bytes = null;
        Long budget = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("geotier_requests_total{")) {
                double value = value(line);
                all += value;
                if (line.contains("cache=\"HIT\"")
                        || line.contains("cache=\"STALE\"")
                        || line.contains("cache=\"REVALIDATED\"")) {
                    fromStore += value;
                }
            } else if (line.startsWith("geotier_store_bytes ")) {
                bytes = (long) value(line);
            } else if (line.startsWith("geotier_store_budget_bytes ")) {
                budget = (long) value(line);
            }
        }
        return new NodeMetrics(all > 0 ? fromStore / all : null, (long) all, bytes, budget);
    }

    private static double value(String line) {
        String[] parts = line.strip().split("\\s+");
        return Double.parseDouble(parts[parts.length - 1]);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hitRatio", hitRatio);
        map.put("requests", requests);
        map.put("storeBytes", storeBytes);
        map.put("storeBudgetBytes", storeBudgetBytes);
        return map;
    }
}
