package io.geotier.node.api;

import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.fetch.Delivery;
import io.geotier.node.fetch.HttpDates;
import io.geotier.node.store.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;

/** Turns a delivery into the HTTP answer: headers from the stored metadata, body by sendfile. */
@ApplicationScoped
public class ObjectResponses {

    private final DeliveryMetrics metrics;
    private final NodeIdentity identity;

    public ObjectResponses(DeliveryMetrics metrics, NodeIdentity identity) {
        this.metrics = metrics;
        this.identity = identity;
    }

    public Response of(Delivery delivery, boolean withBody) {
        StoredObject object = delivery.object();
        Instant now = Instant.now();
        // A java.io.File entity is written by Vert.x sendFile: zero-copy from the page cache.
        Response.ResponseBuilder response = withBody ? Response.ok(object.file().toFile()) : Response.ok();
        response.header("Content-Length", object.size())
                .header("Content-Type", object.contentType() == null ? "application/octet-stream" : object.contentType())
                .header("X-Cache", delivery.status().name())
                .header("X-Served-By", identity.region() + " " + identity.name())
                .header("Age", Math.max(0, Duration.between(object.storedAt(), now).toSeconds()))
                .header("Cache-Control", "public, max-age=" + Math.max(0, Duration.between(now, object.expiresAt()).toSeconds()));
        if (object.etag() != null) {
            response.header("ETag", object.etag());
        }
        if (object.lastModified() != null) {
            response.header("Last-Modified", HttpDates.format(object.lastModified()));
        }
        metrics.served(delivery.status(), withBody ? object.size() : 0);
        return response.build();
    }
}
