package io.geotier.node.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the data path on Quarkus' Vert.x router for every path outside /q/ (health, metrics)
 * and the management API's prefix ({@code quarkus.rest.path}, /api/v1).
 * A Vert.x route rather than a JAX-RS resource: the data path needs the response itself — sendfile
 * with offset and length, write-queue backpressure, resetting a connection whose fill broke off.
 */
@ApplicationScoped
public class DataPathRoute {

    /** Where the management API (JAX-RS) lives; an origin path under it is shadowed. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.rest.path")
    String apiPath;

    void mount(@Observes Router router, ObjectHandler handler) {
        String prefix = apiPath.replaceAll("^/+|/+$", "");
        String api = java.util.regex.Pattern.quote(prefix + "/");
        // packrat's upload form posted to the object's own path; POST was never a data-path
        // method, so it goes to the management API's multipart upload (token and all).
        router.routeWithRegex(HttpMethod.POST, "^/(?!q/|" + api + ").+").handler(rc -> {
            String type = rc.request().getHeader("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
                new ApiError(415, "POST on an object path is an upload form: multipart/form-data with a file field")
                        .send(rc.response());
                return;
            }
            rc.reroute("/" + prefix + "/objects" + rc.request().path());
        });
        router.routeWithRegex("^/(?!q/|" + api + ").*").handler(handler);
    }
}
