package io.geotier.node.fetch;

import io.geotier.node.origin.Origin;
import io.geotier.node.origin.OriginResponse;
import io.geotier.node.store.ObjectKey;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An origin outside the system, answering each GET with what the test scripted: status, headers, body. */
final class ScriptedOrigin implements Origin {

    record Answer(int status, Map<String, String> headers, byte[] body) {}

    private final Map<String, Answer> answers = new HashMap<>();
    final List<String> requests = new ArrayList<>();

    void answer(String key, int status, Map<String, String> headers, byte[] body) {
        answers.put(key, new Answer(status, headers, body));
    }

    synchronized int requests(String method) {
        return (int) requests.stream().filter(r -> r.startsWith(method + " ")).count();
    }

    @Override
    public synchronized OriginResponse get(ObjectKey key, String rawQuery, Map<String, String> headers) {
        requests.add("GET " + key.path() + " " + headers.keySet());
        Answer a = answers.getOrDefault(key.path(), new Answer(404, Map.of(), new byte[0]));
        Map<String, List<String>> all = new HashMap<>();
        a.headers().forEach((n, v) -> all.put(n, List.of(v)));
        all.put("Content-Length", List.of(Integer.toString(a.body().length)));
        return new OriginResponse(a.status(), HttpHeaders.of(all, (n, v) -> true), new ByteArrayInputStream(a.body()));
    }

    @Override
    public synchronized OriginResponse head(ObjectKey key, String rawQuery, Map<String, String> headers) {
        requests.add("HEAD " + key.path());
        return new OriginResponse(200, HttpHeaders.of(Map.of(), (n, v) -> true), new ByteArrayInputStream(new byte[0]));
    }

    @Override
    public URI urlOf(ObjectKey key, String rawQuery) {
        return URI.create("http://origin.test/" + key.path() + (rawQuery == null ? "" : "?" + rawQuery));
    }
}
