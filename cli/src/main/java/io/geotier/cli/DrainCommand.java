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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Takes a node out of DNS answers (drain) or puts it back (undrain), through geodns, for every replica. */
final class DrainCommand {

    private DrainCommand() {}

    @Command(name = "drain", description = "Stop steering new users to NODE (it keeps serving those it has).")
    static final class Drain extends Change {
        Drain() {
            super(true);
        }
    }

    @Command(name = "undrain", description = "Steer users to NODE again.")
    static final class Undrain extends Change {
        Undrain() {
            super(false);
        }
    }

    abstract static class Change implements Callable<Integer> {
        private final boolean drain;

        @Mixin
        Cluster cluster;

        @Spec
        CommandSpec spec;

        @Parameters(
                paramLabel = "NODE",
                description = "a node's name as `geotier status` shows it, or its region when it has one node")
        String node;

        Change(boolean drain) {
            this.drain = drain;
        }

        @Override
        public Integer call() {
            String name = resolve(cluster, node);
            URI uri = URI.create(cluster.geodns + "/nodes/"
                    + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/drain");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            Cluster.Answer answer = Cluster.ok(
                    cluster.admin(drain ? request.PUT(HttpRequest.BodyPublishers.noBody()) : request.DELETE()),
                    drain ? "drain" : "undrain");
            cluster.print(
                    spec.commandLine().getOut(),
                    answer.body(),
                    out -> out.printf(
                            "%s %s (%s)%n",
                            drain ? "drained" : "undrained",
                            name,
                            Boolean.TRUE.equals(answer.body().get("available")) ? "answered" : "not answered"));
            return 0;
        }
    }

    /** The geodns name of a node: an exact name, a name before its '@', or a region with one node. */
    static String resolve(Cluster cluster, String wanted) {
        List<Map<String, Object>> nodes = StatusCommand.geodnsNodes(cluster);
        List<String> matches = nodes.stream()
                .filter(n -> wanted.equals(n.get("name")))
                .map(n -> (String) n.get("name"))
                .toList();
        if (matches.isEmpty()) {
            matches = nodes.stream()
                    .filter(n ->
                            String.valueOf(n.get("name")).startsWith(wanted + "@") || wanted.equals(n.get("region")))
                    .map(n -> (String) n.get("name"))
                    .toList();
        }
        if (matches.size() != 1) {
            throw new CliFailure(
                    CliFailure.REFUSED,
                    (matches.isEmpty() ? "no node " : "more than one node matches ") + wanted + "; nodes: "
                            + nodes.stream()
                                    .map(n -> String.valueOf(n.get("name")))
                                    .toList());
        }
        return matches.get(0);
    }
}
