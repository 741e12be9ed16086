package io.geotier.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the cluster is and who we are to it: the options every command shares, and the HTTP calls
 * made with them. The admin token comes from {@code GEOTIER_ADMIN_TOKEN} or a file, never from the
 * command line (where it would land in the shell's history and in {@code ps}).
 */
final class Cluster {

    @Option(
            names = "--node",
            defaultValue = "${env:GEOTIER_NODE_URL:-http://127.0.1.1:8080}",
            description = "a node's base URL (env GEOTIER_NODE_URL; default ${DEFAULT-VALUE})")
    URI node;

    @Option(
            names = "--geodns",
            defaultValue = "${env:GEOTIER_GEODNS_URL:-http://127.0.0.1:8053}",
            description = "geodns's admin URL (env GEOTIER_GEODNS_URL; default ${DEFAULT-VALUE})")
    URI geodns;

    @Option(
            names = "--token-file",
            defaultValue = "${env:GEOTIER_ADMIN_TOKEN_FILE}",
            description = "a file holding the admin token (env GEOTIER_ADMIN_TOKEN_FILE); else env GEOTIER_ADMIN_TOKEN")
    Path tokenFile;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    /** --json: the value as JSON; else what {@code text} writes. Every command's output goes through here. */
    void print(java.io.PrintWriter out, Object value, java.util.function.Consumer<java.io.PrintWriter> text) {
        if (json) {
            Output.json(out, value);
        } else {
            text.accept(out);
        }
    }

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "how long to wait for each answer (default ${DEFAULT-VALUE})")
    Duration timeout;

    private HttpClient http;

    /** What a call answered: its status and its body read as JSON (an empty map when it is not JSON). */
    record Answer(int status, Map<String, Object> body, String text) {}

    HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        return http;
    }

    String token() {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            } catch (IOException e) {
                throw new CliFailure(
                        CliFailure.UNAUTHORIZED, "cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        return Optional.ofNullable(System.getenv("GEOTIER_ADMIN_TOKEN"))
                .filter(t -> !t.isBlank())
                .orElseThrow(() -> new CliFailure(
                        CliFailure.UNAUTHORIZED,
                        "this needs the admin token: set GEOTIER_ADMIN_TOKEN or --token-file"));
    }

    /** Sends the request; an answer that could not be had at all is an {@link CliFailure#UNREACHABLE}. */
    Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            HttpResponse<String> response = http().send(built, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.UNREACHABLE, "cannot reach " + origin(built.uri()) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.UNREACHABLE, "interrupted");
        }
    }

    /** An admin call: the token is sent; 401 and 403 become {@link CliFailure#UNAUTHORIZED}. */
    Answer admin(HttpRequest.Builder request) {
        Answer answer = send(request.header("Authorization", "Bearer " + token()));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new CliFailure(CliFailure.UNAUTHORIZED, "refused (" + answer.status() + "): " + reason(answer));
        }
        return answer;
    }

    /** Fails unless the status is 2xx. */
    static Answer ok(Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new CliFailure(CliFailure.REFUSED, what + " failed (" + answer.status() + "): " + reason(answer));
        }
        return answer;
    }

    static String reason(Answer answer) {
        Object message = answer.body().getOrDefault("message", answer.body().get("error"));
        return message != null ? message.toString() : answer.text().strip();
    }

    /** A GET whose answer is a JSON array (geodns's /nodes). */
    java.util.List<Object> list(URI uri, String what) {
        Answer answer = ok(send(HttpRequest.newBuilder(uri).GET()), what);
        try {
            return JSON.std.listFrom(answer.text());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.REFUSED, what + ": not a JSON list from " + origin(uri));
        }
    }

    static Map<String, Object> parse(String body) {
        try {
            String trimmed = body.strip();
            return trimmed.startsWith("{") ? JSON.std.mapFrom(trimmed) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + " " + e.getMessage();
    }

    /** "10s", "500ms", "2m". */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        }
    }
}
