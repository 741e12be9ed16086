package io.geotier.cli;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Uploads a file as an object (packrat's upload by key): served from every region from then on. */
@Command(name = "upload", description = "Upload FILE as the object KEY.")
final class UploadCommand implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "KEY", description = "the object's path, e.g. packages/app-1.2.tar.gz")
    String key;

    @Option(names = "--tags", paramLabel = "a,b", description = "purge tags of the object")
    String tags;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "default: guessed from the file name")
    String contentType;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(CliFailure.REFUSED, "no such file: " + file);
        }
        String type = contentType != null ? contentType : Files.probeContentType(file);
        String path = Keys.path(key);
        URI uri = URI.create(cluster.node + "/api/v1/objects/" + path
                + (tags != null ? "?tags=" + URLEncoder.encode(tags, StandardCharsets.UTF_8) : ""));
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .header("Content-Type", type != null ? type : "application/octet-stream");
        } catch (FileNotFoundException e) {
            throw new CliFailure(CliFailure.REFUSED, "cannot read " + file);
        }
        Cluster.Answer answer = Cluster.ok(cluster.admin(request), "upload");
        cluster.print(
                spec.commandLine().getOut(),
                answer.body(),
                out -> out.printf(
                        "uploaded %s as %s: %s bytes, etag %s%n",
                        file, path, answer.body().get("size"), answer.body().get("etag")));
        return 0;
    }
}
