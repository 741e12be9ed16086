package io.geotier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each command against stand-ins for a node and geodns that answer as they do and record what
 * they were asked: the calls made, the token sent (from a file, never an argument), the text and
 * JSON printed, and the exit codes. LocalClusterIT runs the commands against the real cluster.
 */
class CliTest {

    @TempDir
    Path dir;

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final HttpServer server = server();

    private HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            s.createContext("/", exchange -> {
                String call = exchange.getRequestMethod() + " " + exchange.getRequestURI();
                asked.add(call + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                String answer = answers.getOrDefault(call, "404 {\"status\":404,\"error\":\"not here\"}");
                int space = answer.indexOf(' ');
                byte[] body = answer.substring(space + 1).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, space)), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Run(int code, String out, String err) {}

    private Run run(String... args) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        CommandLine cli = Geotier.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(
                new String[] {"--node", url(), "--geodns", url(), "--token-file", token.toString()},
                0,
                all,
                args.length,
                6);
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void purgeOfAKeyAPrefixOrATagSendsTheTokenFromItsFile() throws Exception {
        answers.put("DELETE /api/v1/objects/podcasts/ep%201.mp3", "200 {\"purged\":true,\"cluster\":\"shared\"}");
        answers.put("DELETE /api/v1/objects/cut-off.mp3", "200 {\"purged\":true,\"cluster\":\"queued\"}");
        answers.put("DELETE /api/v1/objects?prefix=podcasts%2Fshow-1%2F&soft=true", "200 {\"purged\":12}");
        answers.put("DELETE /api/v1/objects?tag=show-1", "200 {\"purged\":3}");
        Run key = run("purge", "/podcasts/ep 1.mp3");
        assertEquals(0, key.code());
        assertTrue(key.out().contains("on every region"), key.out());
        Run queued = run("purge", "cut-off.mp3");
        assertEquals(0, queued.code(), "applied and kept: the node shares it when it can");
        assertTrue(queued.out().contains("the other regions get it once its cluster answers"), queued.out());
        Run prefix = run("purge", "--prefix", "podcasts/show-1/", "--soft");
        assertEquals(0, prefix.code());
        assertTrue(prefix.out().contains("marked stale: prefix podcasts/show-1/ (12 objects"), prefix.out());
        Run tag = run("purge", "--tag", "show-1", "--json");
        assertTrue(tag.out().contains("\"purged\" : 3"), tag.out());
        assertTrue(asked.stream().allMatch(a -> a.endsWith("Bearer s3cret")), asked.toString());
        assertEquals(2, run("purge", "a", "--tag", "b").code(), "a key and a tag at once is bad usage");
    }

    @Test
    void aRefusedTokenExitsFourAnErrorOneAndAnUnreachableClusterThree() throws Exception {
        answers.put(
                "DELETE /api/v1/objects/a",
                "401 {\"status\":401,\"error\":\"unauthorized\",\"message\":\"a valid token is required\"}");
        Run refused = run("purge", "a");
        assertEquals(4, refused.code());
        assertTrue(refused.err().contains("a valid token is required"), refused.err());
        assertFalse(refused.err().contains("s3cret"), "the token is never printed");
        assertEquals(1, run("purge", "b").code(), "404 from the node");
        server.stop(0);
        Run down = run("dig", "cdn.example.com", "--from", "192.0.2.1");
        assertEquals(3, down.code());
        assertTrue(down.err().startsWith("geotier: cannot reach " + url()), down.err());
    }

    @Test
    void uploadPutsTheFileWithItsTagsAndType() throws Exception {
        Path file = Files.write(dir.resolve("app.tar.gz"), new byte[1234]);
        answers.put(
                "PUT /api/v1/objects/packages/app.tar.gz?tags=app%2Cv1",
                "201 {\"success\":true,\"size\":1234,\"etag\":\"\\\"e\\\"\"}");
        Run up = run("upload", file.toString(), "packages/app.tar.gz", "--tags", "app,v1");
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().contains("1234 bytes"), up.out());
        assertEquals(1, run("upload", dir.resolve("none").toString(), "x").code(), "no such file");
    }

    @Test
    void prefetchFollowsTheJobAndNamesEachKeyThatFailed() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "# episodes\nep1.mp3\n\nep2.mp3\n");
        answers.put("POST /api/v1/prefetch", "202 {\"id\":\"j1\",\"total\":2,\"complete\":false}");
        answers.put(
                "GET /api/v1/prefetch/j1",
                "200 {\"id\":\"j1\",\"total\":2,\"done\":1,\"bytes\":100,\"complete\":true,"
                        + "\"failed\":[{\"key\":\"ep2.mp3\",\"reason\":\"origin has no object ep2.mp3\"}]}");
        Run run = run("prefetch", keys.toString());
        assertEquals(1, run.code(), "a key failed");
        assertTrue(run.out().contains("prefetched 1 of 2 keys"), run.out());
        assertTrue(run.out().contains("failed: ep2.mp3: origin has no object ep2.mp3"), run.out());
    }

    @Test
    void drainFindsTheNodeByItsShortNameAndStatusShowsEveryNode() throws Exception {
        String node = "{\"name\":\"eu-west@127.0.1.1:8080\",\"region\":\"eu-west\",\"up\":true,\"drained\":%s,"
                + "\"available\":%s,\"detail\":\"HTTP 200\",\"healthUrl\":\"" + url() + "/q/health/ready\"}";
        answers.put("GET /nodes", "200 [" + String.format(node, "false", "true") + "]");
        answers.put("PUT /nodes/eu-west%40127.0.1.1%3A8080/drain", "200 " + String.format(node, "true", "false"));
        answers.put(
                "GET /api/v1/nodes",
                "200 [{\"name\":\"eu-west@127.0.1.1:8080\",\"capacityBps\":1000,\"egressBps\":250}]");
        answers.put(
                "GET /q/metrics",
                "200 geotier_requests_total{cache=\"HIT\",} 3.0\ngeotier_requests_total{cache=\"MISS\",} 1.0\n"
                        + "geotier_store_bytes 2097152.0\ngeotier_store_budget_bytes 1.073741824E10\n");
        Run drain = run("drain", "eu-west");
        assertEquals(0, drain.code(), drain.err());
        assertTrue(drain.out().startsWith("drained eu-west@127.0.1.1:8080"), drain.out());
        Run status = run("status");
        assertEquals(0, status.code(), status.err());
        assertTrue(
                status.out()
                        .lines()
                        .anyMatch(l ->
                                l.matches("eu-west\\s+eu-west@127.0.1.1:8080\\s+up\\s+25%\\s+75%\\s+2 / 10240 MiB")),
                status.out());
    }

    @Test
    void digPrintsWhereTheClientWasPlacedTheRegionsAndTheAnswer() throws Exception {
        answers.put(
                "GET /steering?client=81.2.69.0%2F24&name=cdn.example.com",
                "200 {\"client\":\"81.2.69.0/24\",\"placed\":{\"source\":\"geoip\",\"latitude\":51.7,\"longitude\":-1.36,"
                        + "\"scopePrefix\":22},\"regions\":[{\"name\":\"eu-west\",\"km\":88.1,\"nodes\":[{\"name\":\"eu-west-1\","
                        + "\"addresses\":[\"127.0.1.1\"],\"available\":true}]}],\"answer\":{\"region\":\"eu-west\","
                        + "\"nodes\":[{\"name\":\"eu-west-1\",\"addresses\":[\"127.0.1.1\"]}],\"ttl\":30}}");
        Run dig = run("dig", "cdn.example.com", "--from", "81.2.69.0/24");
        assertEquals(0, dig.code(), dig.err());
        assertTrue(dig.out().contains("placed by geoip: latitude 51.7, longitude -1.36 (ECS scope /22)"), dig.out());
        assertTrue(dig.out().contains("answer: 127.0.1.1 from eu-west, TTL 30"), dig.out());

        answers.put(
                "GET /steering?client=81.2.69.0%2F24&name=www.example.com",
                "404 {\"error\":\"www.example.com is not steered here; geodns steers cdn.example.com.\"}");
        Run other = run("dig", "www.example.com", "--from", "81.2.69.0/24");
        assertEquals(1, other.code(), "refused: not a name geodns steers");
        assertTrue(other.err().contains("not steered here"), other.err());
    }
}
