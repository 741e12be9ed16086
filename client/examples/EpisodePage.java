import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.geotier.client.CacheClient;
import io.geotier.client.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A primary web site's download view, as small as it gets: GET /media/FILE sends the user to the
 * Geotier node closest to them when it holds the file (303), else to the origin (302) while that
 * node fetches it, so the next user is sent to the cache.
 *
 * <p>Run against deploy/local (after ./mvnw package):
 *
 * <pre>
 * java -cp 'client/target/geotier-client-0.1.0-SNAPSHOT.jar:client/target/lib/*' client/examples/EpisodePage.java \
 *     --port 9000 --cache http://cdn.geotier.test:8080 --steering http://127.0.0.1:8053 \
 *     --origin http://127.0.0.1:8000
 * curl -si -H 'X-Forwarded-For: 81.2.69.160' http://127.0.0.1:9000/media/1mib.bin
 * </pre>
 *
 * The user's address is X-Forwarded-For's first entry when the request came through a proxy on
 * this machine (here: curl standing in for a load balancer), else the connection's.
 */
public final class EpisodePage {

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        CacheClient cdn = CacheClient.builder(URI.create(options.get("cache")))
                .steering(URI.create(options.get("steering")))
                .negativeCacheTime(Duration.ofSeconds(2))
                .build();
        URI origin = URI.create(options.get("origin") + "/");
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(options.getOrDefault("port", "9000"))), 0);
        server.createContext("/media/", exchange -> {
            try (exchange) {
                String key = exchange.getRequestURI().getPath().substring(1);
                Route route = cdn.route(key, user(exchange));
                if (route instanceof Route.ToCache cache) {
                    exchange.getResponseHeaders().set("Location", cache.url().toString());
                    exchange.sendResponseHeaders(303, -1);
                } else {
                    exchange.getResponseHeaders().set("Location", origin.resolve(key).toString());
                    exchange.sendResponseHeaders(302, -1);
                }
            }
        });
        server.start();
        System.out.println("episode page on http://127.0.0.1:" + server.getAddress().getPort() + "/media/");
    }

    private static InetAddress user(HttpExchange exchange) throws IOException {
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null && peer.isLoopbackAddress()) {
            // an address literal: getByName does not resolve it
            return InetAddress.getByName(forwarded.split(",")[0].trim());
        }
        return peer;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : new String[] {"cache", "steering", "origin"}) {
            if (!options.containsKey(required)) {
                System.err.println("usage: EpisodePage --cache URL --steering URL --origin URL [--port 9000]");
                System.exit(2);
            }
        }
        return options;
    }
}
