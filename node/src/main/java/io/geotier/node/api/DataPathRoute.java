package io.geotier.node.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the data path on Quarkus' Vert.x router for every path outside /q/ (health, metrics).
 * A Vert.x route rather than a JAX-RS resource: the data path needs the response itself — sendfile
 * with offset and length, write-queue backpressure, resetting a connection whose fill broke off.
 */
@ApplicationScoped
public class DataPathRoute {

    void mount(@Observes Router router, ObjectHandler handler) {
        router.routeWithRegex("^/(?!q/).*").handler(handler);
    }
}
