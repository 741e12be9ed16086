package io.geotier.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Grafana dashboard of deploy/monitoring as Grafana reads it: its panels' queries and the region variable. */
final class Dashboard {

    /** One query of one panel. */
    record Target(String panel, String expr) {

        /** The query as Grafana sends it with every region selected and a fixed rate window. */
        String promql(Duration rateInterval) {
            return expr.replace("$region", ".*").replace("$__rate_interval", rateInterval.toSeconds() + "s");
        }
    }

    private final Map<String, Object> json;

    private Dashboard(Map<String, Object> json) {
        this.json = json;
    }

    static Dashboard read(Path file) throws IOException {
        return new Dashboard(JSON.std.mapFrom(Files.readString(file)));
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Object p : (List<?>) json.get("panels")) {
            Map<?, ?> panel = (Map<?, ?>) p;
            Object queries = panel.get("targets");
            if (queries == null) {
                continue; // a row
            }
            for (Object t : (List<?>) queries) {
                targets.add(
                        new Target(String.valueOf(panel.get("title")), String.valueOf(((Map<?, ?>) t).get("expr"))));
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("a dashboard without queries");
        }
        return targets;
    }

    /** The query of the {@code region} template variable, e.g. label_values(geotier_requests_total, region). */
    String regionVariableQuery() {
        for (Object v : (List<?>) ((Map<?, ?>) json.get("templating")).get("list")) {
            Map<?, ?> variable = (Map<?, ?>) v;
            if ("region".equals(variable.get("name"))) {
                return String.valueOf(variable.get("definition"));
            }
        }
        throw new IllegalStateException("no region variable");
    }
}
