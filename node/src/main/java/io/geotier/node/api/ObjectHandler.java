package io.geotier.node.api;

import io.geotier.node.fetch.Delivery;
import io.geotier.node.fetch.ObjectRequest;
import io.geotier.node.fetch.ObjectSource;
import io.geotier.node.store.KeyPolicy;
import io.geotier.node.store.ObjectKey;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data path: GET and HEAD of any object path. Reads the request (key, conditionals, Range),
 * asks {@link ObjectSource} how to answer, and hands the answer to the writer that fits it.
 */
@Singleton
public class ObjectHandler implements Handler<RoutingContext> {

    private final KeyPolicy keys;
    private final ObjectSource source;
    private final ObjectResponses responses;
    private final PassThrough passThrough;
    /** Where the management API lives (quarkus.rest.path), for the uploads posted to object paths. */
    private final String apiPrefix;

    public ObjectHandler(
            KeyPolicy keys,
            ObjectSource source,
            ObjectResponses responses,
            PassThrough passThrough,
            @ConfigProperty(name = "quarkus.rest.path") String apiPath) {
        this.apiPrefix = "/" + apiPath.replaceAll("^/+|/+$", "");
        this.keys = keys;
        this.source = source;
        this.responses = responses;
        this.passThrough = passThrough;
    }

    @Override
    public void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST) {
            upload(routing);
            return;
        }
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET, HEAD, POST"); // POST: an upload (rerouted by DataPathRoute)
            new ApiError(405, "object paths take GET and HEAD, and POST for an upload").send(request.response());
            return;
        }
        ObjectRequest objectRequest;
        RequestView view;
        try {
            // The raw path: decoding is ObjectKey's job, so encoded traversals are seen and refused.
            ObjectKey key = keys.keyOf(request.path(), request.query());
            String rawRange = request.getHeader("Range");
            ByteRanges ranges = ByteRanges.parse(rawRange);
            view = new RequestView(method == HttpMethod.HEAD, Preconditions.parse(request.headers()), ranges, rawRange);
            objectRequest = new ObjectRequest(
                    key,
                    request.query(),
                    onlyIfCached(request.getHeader("Cache-Control")),
                    ranges == null ? -1 : ranges.firstStart(),
                    ranges == null ? -1 : ranges.suffixLength(),
                    method == HttpMethod.HEAD);
        } catch (IllegalArgumentException e) {
            ApiError.of(e).send(request.response());
            return;
        }
        Context context = Vertx.currentContext();
        java.util.concurrent.CompletableFuture<Delivery> pending =
                source.obtain(objectRequest).toCompletableFuture();
        if (pending.isDone() && !pending.isCompletedExceptionally()) {
            answer(context, request, view, objectRequest, pending.join()); // a hit: already on the event loop
            return;
        }
        pending.whenComplete((delivery, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                ApiError.of(failure).send(request.response());
            } else {
                answer(context, request, view, objectRequest, delivery);
            }
        }));
    }

    private void answer(
            Context context,
            HttpServerRequest request,
            RequestView view,
            ObjectRequest objectRequest,
            Delivery delivery) {
        if (request.response().closed()) {
            Deliveries.discard(delivery);
            return;
        }
        if (delivery instanceof Delivery.Stored stored) {
            responses.stored(context, request, view, stored);
        } else if (delivery instanceof Delivery.Streaming streaming) {
            responses.streaming(context, request, view, streaming);
        } else if (delivery instanceof Delivery.Redirect redirect) {
            responses.redirect(request, redirect);
        } else {
            passThrough.relay(context, request, view, objectRequest, (Delivery.PassThrough) delivery);
        }
    }

    /**
     * packrat's upload form posted to the object's own path; POST was never a data-path method, so
     * a form goes on to the management API's multipart upload (token and all), anything else is refused.
     */
    private void upload(RoutingContext routing) {
        String type = routing.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            new ApiError(415, "POST on an object path is an upload form: multipart/form-data with a file field")
                    .send(routing.response());
            return;
        }
        routing.reroute(apiPrefix + "/objects" + routing.request().path());
    }

    private static boolean onlyIfCached(String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("only-if-cached");
    }
}
