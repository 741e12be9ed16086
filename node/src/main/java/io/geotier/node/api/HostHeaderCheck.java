package io.geotier.node.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * RFC 9112 section 3.2: a request with two Host lines, or an HTTP/1.1 request with none, gets a
 * 400. Two Host values let a proxy in front and the node disagree on which site a request is
 * for (request smuggling, cache poisoning). Runs before every route: data path, API and /q alike.
 */
@ApplicationScoped
public class HostHeaderCheck {

    /** Ahead of Quarkus's own filters (CORS, security), which may answer on their own. */
    private static final int PRIORITY = 10_000;

    /**
     * Vert.x Web refuses a request without a valid Host itself, before any route, with a 400 that
     * Quarkus's error page would answer: this gives it the node's JSON error body instead.
     */
    void invalidAuthority(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.statusCode() == 400
                    && rc.failure() != null
                    && String.valueOf(rc.failure().getMessage()).contains("'Host'")) {
                new ApiError(400, "no valid Host header").send(rc.response());
            } else {
                rc.next();
            }
        });
    }

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    int hosts = rc.request().headers().getAll("Host").size();
                    if (hosts > 1) {
                        new ApiError(400, "more than one Host header").send(rc.response());
                    } else if (hosts == 0 && rc.request().version() == HttpVersion.HTTP_1_1) {
                        new ApiError(400, "no Host header").send(rc.response());
                    } else {
                        rc.next();
                    }
                },
                PRIORITY);
    }
}
