package io.geotier.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Purges one key, every key under a prefix, or every object with a tag: on every region at once. */
@Command(
        name = "purge",
        description = "Purge an object, a prefix or a tag on every region (the purge goes through the node asked).")
final class PurgeCommand implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Spec
    CommandSpec spec;

    static final class What {
        @Parameters(paramLabel = "KEY", description = "the object's path, e.g. podcasts/ep1.mp3")
        String key;

        @Option(names = "--prefix", paramLabel = "P", description = "every object whose key starts with P")
        String prefix;

        @Option(
                names = "--tag",
                paramLabel = "T",
                description = "every object tagged T (Surrogate-Key, Cache-Tag or upload tags)")
        String tag;
    }

    @ArgGroup(multiplicity = "1")
    What what;

    @Option(names = "--soft", description = "mark stale instead: the next request revalidates with the origin")
    boolean soft;

    @Override
    public Integer call() {
        String base = cluster.node + "/api/v1/objects";
        String soft = this.soft ? "soft=true" : "";
        URI uri;
        final String target;
        if (what.key != null) {
            target = Keys.path(what.key);
            uri = URI.create(base + "/" + target + (this.soft ? "?" + soft : ""));
        } else if (what.prefix != null) {
            target = "prefix " + what.prefix;
            uri = URI.create(base + "?prefix=" + encode(what.prefix) + (this.soft ? "&" + soft : ""));
        } else {
            target = "tag " + what.tag;
            uri = URI.create(base + "?tag=" + encode(what.tag) + (this.soft ? "&" + soft : ""));
        }
        Cluster.Answer answer =
                Cluster.ok(cluster.admin(HttpRequest.newBuilder(uri).DELETE()), "purge");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("target", target);
        result.put("soft", this.soft);
        result.putAll(answer.body());
        cluster.print(spec.commandLine().getOut(), result, out -> printText(out, target, answer));
        return 0;
    }

    private void printText(java.io.PrintWriter out, String target, Cluster.Answer answer) {
        Object count = answer.body().get("purged");
        // "queued": the node applied it but its Infinispan site did not take it yet; it retries
        boolean shared = !"queued".equals(answer.body().get("cluster"));
        out.printf(
                "%s %s%s %s%n",
                soft ? "marked stale:" : "purged:",
                target,
                count instanceof Number ? " (" + count + " objects on " + cluster.node.getHost() + ")" : "",
                shared
                        ? "on every region"
                        : "on " + cluster.node.getHost()
                                + "; the other regions get it once its cluster answers (retried every second)");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
