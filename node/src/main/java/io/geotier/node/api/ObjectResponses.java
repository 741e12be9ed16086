package io.geotier.node.api;

import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.fetch.CacheStatus;
import io.geotier.node.fetch.Delivery;
import io.geotier.node.fetch.FillHead;
import io.geotier.node.fetch.HttpDates;
import io.geotier.node.store.HotBodies;
import io.geotier.node.store.MappedBodies;
import io.geotier.node.store.StoredObject;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes stored objects and fills in flight as HTTP answers: 304 when the client's copy is
 * current, 206 for satisfiable ranges (multipart/byteranges for several), 416 otherwise, 200 with
 * the whole body. A whole stored file or one range of it goes out by sendfile.
 */
@Singleton
public class ObjectResponses {

    private final DeliveryMetrics metrics;
    private final HotBodies hot;
    private final MappedBodies mapped;
    private final CharSequence servedBy;

    public ObjectResponses(DeliveryMetrics metrics, NodeIdentity identity, HotBodies hot, MappedBodies mapped) {
        this.metrics = metrics;
        this.servedBy = HttpHeaders.createOptimized(identity.region() + " " + identity.name());
        this.hot = hot;
        this.mapped = mapped;
    }

    /** A 302 to the origin; the fill runs behind it, so the next request for the URL is a HIT. */
    void redirect(HttpServerRequest request, Delivery.Redirect delivery) {
        metrics.request(CacheStatus.REDIRECT);
        request.response()
                .setStatusCode(302)
                .putHeader("Location", delivery.location().toString())
                .putHeader("X-Cache", CacheStatus.REDIRECT.name())
                .putHeader(X_SERVED_BY, servedBy)
                .putHeader("Cache-Control", "no-store")
                .end();
    }

    /** What the response is about, whatever its source. */
    /** The header a node sends when it fills from another node (see cluster.Peers). */
    private static final String SURROGATE_CAPABILITY = "Surrogate-Capability";

    private record Representation(
            long size,
            String etag,
            String contentType,
            Instant lastModified,
            Instant storedAt,
            Instant expiresAt,
            CacheStatus status,
            String fileName,
            java.util.Set<String> tags) {}

    void stored(Context context, HttpServerRequest request, RequestView view, Delivery.Stored delivery) {
        StoredObject o = delivery.object();
        Representation r = new Representation(
                o.size(),
                o.etag(),
                o.contentType(),
                o.lastModified(),
                o.storedAt(),
                o.expiresAt(),
                delivery.status(),
                o.fileName(),
                o.tags());
        BodyPlan plan = plan(request, view, r);
        if (plan == null || !plan.hasBody()) {
            return;
        }
        if (plan.parts().size() == 1 && plan.parts().get(0) instanceof BodyPump.Bytes bytes) {
            long length = bytes.to() - bytes.from();
            ByteBuf inMemory = hot.retain(o);
            if (inMemory == null && !request.isSSL()) {
                // Over TLS a body handed over whole is sealed whole at once and held twice until
                // sent: a copy of up to 1 MiB may be, a 100 MiB mapping may not. Mapped bodies fed
                // in slices stalled OpenSSL connections (issue 14 note), so larger objects keep
                // Vert.x's sendFile over TLS, which reads the file in chunks.
                inMemory = mapped.retain(o);
            }
            if (inMemory != null) {
                // Vert.x writes the bytes without releasing them; they are ours again once the
                // write is done or has failed. Over HTTP/2 too: the bytes are framed straight from
                // memory, with no file reads in between.
                ByteBuf body = inMemory;
                request.response()
                        .end(Buffer.buffer(body.slice((int) bytes.from(), (int) length)))
                        .onComplete(done -> body.release());
                metrics.sent(length);
                return;
            }
            // Vert.x's HTTP/2 sendFile opens the file, then reads its length by name: a purge or an
            // eviction deleting it in between makes that 0, and it answers 200 with our
            // Content-Length and no body (bench/soak: "HTTP_2 200, 0 bytes, Content-Length 77892").
            // HTTP/2 frames are written by Vert.x, not sent by the kernel, anyway: it goes through
            // the pump, which holds the file open before a header leaves. HTTP/1.1's sendFile
            // opens the file before the headers and fails whole.
            if (request.version() != HttpVersion.HTTP_2) {
                request.response()
                        .sendFile(o.file().toString(), bytes.from(), length)
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                metrics.sent(length);
                            } else {
                                Cut.connection(request);
                            }
                        });
                return;
            }
        }
        BodyPump.Source source;
        try {
            source = Sources.ofFile(o.file(), o.size());
        } catch (java.io.UncheckedIOException gone) {
            request.response().reset(); // deleted since the lookup: the client retries, it never gets a short body
            return;
        }
        new BodyPump(context, request, source, plan.parts(), metrics::sent).start();
    }

    /** Takes over the delivery's reference to its fill. */
    void streaming(Context context, HttpServerRequest request, RequestView view, Delivery.Streaming delivery) {
        FillHead.Streaming h = delivery.head();
        Instant now = Instant.now();
        Representation r = new Representation(
                h.length(),
                h.etag(),
                h.contentType(),
                h.lastModified(),
                now,
                h.expiresAt(),
                CacheStatus.MISS,
                null,
                h.tags());
        BodyPlan plan = plan(request, view, r);
        if (plan == null || !plan.hasBody()) {
            delivery.lease().close();
            return;
        }
        new BodyPump(context, request, Sources.ofFill(delivery.lease()), plan.parts(), metrics::sent).start();
    }

    /** The parts of the body to send; null (or no body) when the answer is already complete. */
    private record BodyPlan(List<BodyPump.Part> parts, boolean hasBody) {}

    private BodyPlan plan(HttpServerRequest request, RequestView view, Representation r) {
        HttpServerResponse response = request.response();
        metrics.request(r.status());
        headers(response, r);
        if (!r.tags().isEmpty() && request.getHeader(SURROGATE_CAPABILITY) != null) {
            // Another node filling from this one (it says so as a surrogate would, per the Edge
            // Architecture Specification): its copy must carry the tags, or a tag purge misses it.
            // Users never see them.
            response.putHeader("Surrogate-Key", String.join(" ", new java.util.TreeSet<>(r.tags())));
        }
        if (view.preconditions().notModified(r.etag(), r.lastModified())) {
            response.setStatusCode(304).end();
            return null;
        }
        boolean head = view.head();
        List<ByteRanges.Range> ranges =
                r.size() >= 0 && view.ranges() != null && view.preconditions().rangeApplies(r.etag(), r.lastModified())
                        ? view.ranges().satisfiable(r.size())
                        : null;
        if (ranges != null && ranges.isEmpty()) {
            response.putHeader("Content-Range", "bytes */" + r.size());
            new ApiError(416, "no requested range lies within the object's " + r.size() + " bytes").send(response);
            return null;
        }
        if (ranges == null) {
            response.setStatusCode(200);
            if (r.size() >= 0) {
                response.putHeader("Content-Length", Long.toString(r.size()));
            } else {
                response.setChunked(true);
            }
            return finishHead(response, head, List.of(new BodyPump.Bytes(0, r.size())));
        }
        response.setStatusCode(206);
        if (ranges.size() == 1) {
            ByteRanges.Range range = ranges.get(0);
            response.putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + r.size());
            response.putHeader("Content-Length", Long.toString(range.length()));
            return finishHead(response, head, List.of(new BodyPump.Bytes(range.first(), range.last() + 1)));
        }
        return finishHead(response, head, multipart(response, ranges, r));
    }

    private static BodyPlan finishHead(HttpServerResponse response, boolean head, List<BodyPump.Part> parts) {
        if (head) {
            response.end();
            return new BodyPlan(parts, false);
        }
        return new BodyPlan(parts, true);
    }

    /** multipart/byteranges (RFC 9110 14.6), with an exact Content-Length. */
    private static List<BodyPump.Part> multipart(
            HttpServerResponse response, List<ByteRanges.Range> ranges, Representation r) {
        String boundary = "geotier-" + UUID.randomUUID();
        String type = r.contentType() == null ? "application/octet-stream" : r.contentType();
        List<BodyPump.Part> parts = new ArrayList<>();
        long length = 0;
        for (ByteRanges.Range range : ranges) {
            Buffer header =
                    Buffer.buffer(("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes "
                                    + range.first() + "-" + range.last() + "/" + r.size() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            parts.add(new BodyPump.Literal(header));
            parts.add(new BodyPump.Bytes(range.first(), range.last() + 1));
            length += header.length() + range.length();
        }
        Buffer closing = Buffer.buffer(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        parts.add(new BodyPump.Literal(closing));
        length += closing.length();
        response.putHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
        response.putHeader("Content-Length", Long.toString(length));
        return parts;
    }

    // Header names made once as byte strings: Vert.x checks and encodes them faster than a String
    // each time (response headers were a tenth of a small hit's CPU in issue 14's profile).
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence ACCEPT_RANGES = HttpHeaders.createOptimized("Accept-Ranges");
    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
    private static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
    private static final CharSequence X_SERVED_BY = HttpHeaders.createOptimized("X-Served-By");
    private static final CharSequence AGE = HttpHeaders.createOptimized("Age");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
    private static final CharSequence LAST_MODIFIED = HttpHeaders.createOptimized("Last-Modified");
    private static final CharSequence[] X_CACHE_VALUES = java.util.Arrays.stream(CacheStatus.values())
            .map(status -> HttpHeaders.createOptimized(status.name()))
            .toArray(CharSequence[]::new);
    private static final CharSequence OCTET_STREAM = HttpHeaders.createOptimized("application/octet-stream");

    private void headers(HttpServerResponse response, Representation r) {
        long now = System.currentTimeMillis() / 1000;
        response.putHeader(CONTENT_TYPE, r.contentType() == null ? OCTET_STREAM : r.contentType())
                .putHeader(ACCEPT_RANGES, BYTES)
                .putHeader(X_CACHE, X_CACHE_VALUES[r.status().ordinal()])
                .putHeader(X_SERVED_BY, servedBy)
                .putHeader(AGE, Long.toString(Math.max(0, now - r.storedAt().getEpochSecond())))
                .putHeader(
                        CACHE_CONTROL,
                        "public, max-age=" + Math.max(0, r.expiresAt().getEpochSecond() - now));
        if (r.etag() != null) {
            response.putHeader(ETAG, r.etag());
        }
        if (r.lastModified() != null) {
            response.putHeader(LAST_MODIFIED, HttpDates.format(r.lastModified()));
        }
        if (r.fileName() != null) {
            response.putHeader("Content-Disposition", ContentDisposition.attachment(r.fileName()));
        }
    }
}
