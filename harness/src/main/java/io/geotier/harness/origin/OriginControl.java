package io.geotier.harness.origin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /_geotier/faults?throttle=BYTES_PER_S&delay-ms=N&break-after=BYTES&drop=true} switches
 * the demo origin's faults while it runs; {@code ?clear} first puts it back to well-behaved. What is
 * not named is left as it was. bench/soak makes the origin slow, then broken mid-body, with it.
 */
final class OriginControl implements HttpHandler {

    static final String PATH = "/_geotier/faults";

    private final OriginFaults faults;

    OriginControl(OriginFaults faults) {
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "POST only");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            try {
                apply(query == null ? "" : query);
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, e.getMessage());
                return;
            }
            reply(exchange, 200, "faults set: " + query);
        }
    }

    private void apply(String query) {
        if (("&" + query + "&").contains("&clear&")) {
            faults.clear();
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "throttle" -> faults.throttle(Long.parseLong(kv[1]));
                case "delay-ms" -> faults.headerDelay(Duration.ofMillis(Long.parseLong(kv[1])));
                case "break-after" -> faults.breakEveryBodyAfter(Long.parseLong(kv[1]));
                case "drop" -> faults.dropConnections(Boolean.parseBoolean(kv[1]));
                default -> throw new IllegalArgumentException("unknown fault " + kv[0]);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
