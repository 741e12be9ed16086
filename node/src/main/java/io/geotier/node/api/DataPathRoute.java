package io.geotier.node.api;

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
        String api = java.util.regex.Pattern.quote(apiPath.replaceAll("^/+|/+$", "") + "/");
        router.routeWithRegex("^/(?!q/|" + api + ").*").handler(handler);
    }
}
