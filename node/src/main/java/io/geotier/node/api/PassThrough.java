package io.geotier.node.api;

import io.geotier.node.DaemonThreads;
import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.fetch.CacheStatus;
import io.geotier.node.fetch.Delivery;
import io.geotier.node.fetch.LimitsConfig;
import io.geotier.node.fetch.ObjectRequest;
import io.geotier.node.fetch.OverloadedException;
import io.geotier.node.origin.Origin;
import io.geotier.node.origin.OriginResponse;
import io.geotier.node.origin.OriginTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relays the origin's answer to one request without storing it: objects too big for the budget
 * (BYPASS), ranges far ahead of the fill in flight, which the origin can serve at once instead of
 * after every byte before them, and HEADs of objects not held (a HEAD to the origin). The client's
 * Range goes to the origin as it came. At most {@code geotier.limits.max-pass-throughs} run at
 * once (503 past that), and one whose client stops reading is cut off after the stall timeout.
 */
@Singleton
public class PassThrough {

    private static final List<String> RELAYED =
            List.of("Content-Length", "Content-Range", "Content-Type", "ETag", "Last-Modified", "Accept-Ranges");
    private static final int CHUNK = 64 * 1024;

    private final Origin origin;
    private final DeliveryMetrics metrics;
    private final NodeIdentity identity;
    private final ThreadPoolExecutor relays;
    private final long stallMillis;

    public PassThrough(Origin origin, DeliveryMetrics metrics, NodeIdentity identity, LimitsConfig limits) {
        this.origin = origin;
        this.metrics = metrics;
        this.identity = identity;
        this.stallMillis = limits.clientStallTimeout().toMillis();
        this.relays = new ThreadPoolExecutor(
                0,
                limits.maxPassThroughs(),
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                DaemonThreads.named("geotier-pass-through"));
    }

    /** Takes over the delivery's answer in hand, if it carries one. */
    void relay(
            Context context,
            HttpServerRequest request,
            RequestView view,
            ObjectRequest object,
            Delivery.PassThrough delivery) {
        try {
            relays.execute(() -> run(context, request, view, object, delivery));
        } catch (RejectedExecutionException e) {
            Deliveries.discard(delivery);
            ApiError.of(new OverloadedException("the node is relaying " + relays.getMaximumPoolSize()
                            + " origin responses already; try again shortly"))
                    .send(request.response());
        }
    }

    @PreDestroy
    void stop() {
        relays.shutdownNow();
    }

    private void run(
            Context context,
            HttpServerRequest request,
            RequestView view,
            ObjectRequest object,
            Delivery.PassThrough delivery) {
        HttpServerResponse response = request.response();
        CacheStatus status = delivery.status();
        boolean started = false;
        try (OriginResponse answer = answerFor(view, object, delivery)) {
            int code = answer.status();
            if (code == 404 || code == 410) {
                onContext(context, () -> new ApiError(404, "origin has no object " + object.key()).send(response));
                return;
            }
            if (code == 403) {
                onContext(context, () -> new ApiError(403, "origin refused " + object.key()).send(response));
                return;
            }
            if (code != 200 && code != 206 && code != 416) {
                onContext(context, () -> new ApiError(502, "origin answered " + code).send(response));
                return;
            }
            onContext(context, () -> {
                        response.setStatusCode(code);
                        for (String name : RELAYED) {
                            answer.headers().firstValue(name).ifPresent(v -> response.putHeader(name, v));
                        }
                        if (answer.contentLength().isEmpty()) {
                            response.setChunked(true);
                        }
                        response.putHeader("X-Cache", status.name())
                                .putHeader("X-Served-By", identity.region() + " " + identity.name())
                                .putHeader("Cache-Control", "no-store");
                        metrics.request(status);
                    })
                    .join();
            started = true;
            if (view.head()) {
                onContext(context, response::end);
                return;
            }
            copy(context, request, answer.body());
            onContext(context, response::end);
        } catch (OriginTimeoutException e) {
            failed(context, request, started, new ApiError(504, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            failed(context, request, started, new ApiError(502, "origin fetch failed: " + e.getMessage()));
        }
    }

    /**
     * The answer in hand when it answers this request (a plain GET: the fill asked for the whole
     * body); otherwise the origin is asked with the client's own method and Range.
     */
    private OriginResponse answerFor(RequestView view, ObjectRequest object, Delivery.PassThrough delivery)
            throws IOException {
        if (delivery.answered() != null) {
            if (!view.head() && view.rawRange() == null) {
                return delivery.answered();
            }
            delivery.answered().close();
        }
        Map<String, String> headers = new HashMap<>();
        if (view.rawRange() != null) {
            headers.put("Range", view.rawRange());
        }
        return view.head()
                ? origin.head(object.key(), object.rawQuery(), headers)
                : origin.get(object.key(), object.rawQuery(), headers);
    }

    /** Copies the body with backpressure: waits for the client's write queue to drain. */
    private void copy(Context context, HttpServerRequest request, InputStream body) throws IOException {
        HttpServerResponse response = request.response();
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = body.read(buffer)) >= 0; ) {
            if (response.closed()) {
                return;
            }
            Buffer chunk = Buffer.buffer(n).appendBytes(buffer, 0, n);
            CompletableFuture<Void> writable = new CompletableFuture<>();
            context.runOnContext(v -> {
                response.write(chunk);
                if (response.writeQueueFull()) {
                    response.drainHandler(d -> writable.complete(null));
                    response.closeHandler(c -> writable.complete(null));
                } else {
                    writable.complete(null);
                }
            });
            try {
                writable.get(stallMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // A client that takes nothing would hold this thread and an origin connection for ever.
                context.runOnContext(v -> Cut.connection(request));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                return;
            }
            metrics.sent(n);
        }
    }

    private static void failed(Context context, HttpServerRequest request, boolean started, ApiError error) {
        if (started) {
            context.runOnContext(v -> Cut.connection(request));
        } else {
            onContext(context, () -> error.send(request.response()));
        }
    }

    private static CompletableFuture<Void> onContext(Context context, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
