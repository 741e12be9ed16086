package io.geotier.node.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geotier.node.Failures;
import io.geotier.node.origin.AccessCheck;
import io.geotier.node.origin.AccessDeniedException;
import io.geotier.node.store.CopyTrust;
import io.geotier.node.store.Fill;
import io.geotier.node.store.ObjectKey;
import io.geotier.node.store.ObjectStore;
import io.geotier.node.store.StoredObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ObjectSource's decisions, one row each: what is stored (and how old), what the origin answers,
 * what the request asks, and what the node must do, with how many origin GETs it may cost. A real
 * store on a temporary directory and a real Filler; the origin, outside the system, is scripted;
 * time is a clock the test sets, so nothing sleeps.
 */
class ObjectSourceTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final String KEY = "media/a.bin";
    private static final byte[] BODY = "twelve bytes".getBytes();

    /** How the stored copy stands at the time of the request. */
    enum Stored {
        NONE,
        FRESH,
        STALE_REVALIDATING,
        STALE_ON_ERROR,
        EXPIRED,
        UPLOADED
    }

    /** What the origin answers a GET. */
    enum OriginSays {
        OK(200, Map.of("Cache-Control", "max-age=60", "ETag", "\"v1\"")),
        NOT_MODIFIED(304, Map.of("Cache-Control", "max-age=60")),
        NO_STORE(200, Map.of("Cache-Control", "no-store")),
        FAILS(500, Map.of()),
        GONE(404, Map.of());

        final int status;
        final Map<String, String> headers;

        OriginSays(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
        }
    }

    /** What the request is. */
    enum Ask {
        GET,
        HEAD,
        ONLY_IF_CACHED,
        REDIRECTED_PREFIX,
        DENIED,
        PURGES_MAY_BE_MISSED
    }

    @TempDir
    Path dir;

    private ObjectStore store;
    private ScriptedOrigin origin;
    private Filler filler;
    private Instant now = T0;
    private final InstantSource clock = () -> now;

    @BeforeEach
    void setUp() {
        store = new ObjectStore(dir, 1 << 20);
        origin = new ScriptedOrigin();
        ExpiryPolicy expiry = new ExpiryPolicy(Duration.ofMinutes(1), Duration.ZERO, Map.of());
        filler = new Filler(
                store,
                origin,
                io.geotier.node.origin.PeerSource.NONE,
                io.geotier.node.cluster.ObjectCatalog.NONE,
                expiry,
                4,
                new SimpleMeterRegistry(),
                clock);
    }

    @AfterEach
    void tearDown() {
        filler.stop();
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of(Stored.FRESH, OriginSays.OK, Ask.GET, "HIT", 0),
                Arguments.of(Stored.FRESH, OriginSays.OK, Ask.HEAD, "HIT", 0),
                Arguments.of(Stored.FRESH, OriginSays.OK, Ask.ONLY_IF_CACHED, "HIT", 0),
                Arguments.of(Stored.NONE, OriginSays.OK, Ask.GET, "MISS", 1),
                Arguments.of(Stored.NONE, OriginSays.OK, Ask.HEAD, "MISS pass-through", 0),
                Arguments.of(Stored.NONE, OriginSays.OK, Ask.ONLY_IF_CACHED, "NotCachedException", 0),
                Arguments.of(Stored.EXPIRED, OriginSays.OK, Ask.ONLY_IF_CACHED, "STALE", 0),
                Arguments.of(Stored.EXPIRED, OriginSays.NOT_MODIFIED, Ask.GET, "REVALIDATED", 1),
                Arguments.of(Stored.EXPIRED, OriginSays.OK, Ask.GET, "MISS", 1),
                Arguments.of(Stored.STALE_REVALIDATING, OriginSays.OK, Ask.GET, "STALE", 1),
                Arguments.of(Stored.STALE_ON_ERROR, OriginSays.FAILS, Ask.GET, "STALE", 1),
                Arguments.of(Stored.EXPIRED, OriginSays.FAILS, Ask.GET, "OriginStatusException 502", 1),
                Arguments.of(Stored.STALE_ON_ERROR, OriginSays.GONE, Ask.GET, "OriginStatusException 404", 1),
                Arguments.of(Stored.NONE, OriginSays.NO_STORE, Ask.GET, "BYPASS answered", 1),
                Arguments.of(Stored.NONE, OriginSays.OK, Ask.REDIRECTED_PREFIX, "REDIRECT", 1),
                Arguments.of(Stored.FRESH, OriginSays.OK, Ask.REDIRECTED_PREFIX, "HIT", 0),
                Arguments.of(Stored.FRESH, OriginSays.OK, Ask.DENIED, "AccessDeniedException", 0),
                // Cut off from the cluster too long, or catching up: no copy is served unasked.
                Arguments.of(Stored.FRESH, OriginSays.NOT_MODIFIED, Ask.PURGES_MAY_BE_MISSED, "REVALIDATED", 1),
                Arguments.of(Stored.STALE_REVALIDATING, OriginSays.OK, Ask.PURGES_MAY_BE_MISSED, "MISS", 1),
                Arguments.of(
                        Stored.STALE_ON_ERROR,
                        OriginSays.FAILS,
                        Ask.PURGES_MAY_BE_MISSED,
                        "OriginStatusException 502",
                        1),
                // An upload has no origin: the one it would be asked of says 404 and the copy was lost.
                Arguments.of(Stored.UPLOADED, OriginSays.GONE, Ask.PURGES_MAY_BE_MISSED, "HIT", 0),
                Arguments.of(Stored.UPLOADED, OriginSays.GONE, Ask.GET, "HIT", 0));
    }

    @ParameterizedTest(name = "{0}, origin {1}, {2} -> {3}, {4} origin GETs")
    @MethodSource("decisions")
    void decides(Stored stored, OriginSays says, Ask ask, String expected, int originGets) throws Exception {
        store(stored);
        origin.answer(KEY, says.status, says.headers, says.status == 200 ? BODY : new byte[0]);
        Predicate<String> redirected = ask == Ask.REDIRECTED_PREFIX ? k -> k.startsWith("media/") : k -> false;
        AccessCheck access = ask == Ask.DENIED
                ? (key, query) -> CompletableFuture.failedFuture(new AccessDeniedException("forged"))
                : AccessCheck.OPEN;
        CopyTrust trust = ask == Ask.PURGES_MAY_BE_MISSED ? at -> false : CopyTrust.ALWAYS;
        ObjectSource source = new ObjectSource(store, filler, origin, redirected, access, trust, clock);
        ObjectRequest request =
                new ObjectRequest(new ObjectKey(KEY), null, ask == Ask.ONLY_IF_CACHED, -1, -1, ask == Ask.HEAD);

        assertEquals(expected, outcome(source, request));
        awaitNoFill();
        assertEquals(originGets, origin.requests("GET"), origin.requests.toString());
    }

    private String outcome(ObjectSource source, ObjectRequest request) throws Exception {
        Delivery delivery;
        try {
            delivery = source.obtain(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable cause = Failures.cause(e);
            return cause instanceof OriginStatusException o
                    ? "OriginStatusException " + o.status()
                    : cause.getClass().getSimpleName();
        }
        if (delivery instanceof Delivery.Streaming streaming) {
            streaming.lease().fill().done().get(10, TimeUnit.SECONDS);
            streaming.lease().close();
            return "MISS";
        }
        if (delivery instanceof Delivery.PassThrough pass) {
            String answered = pass.answered() == null ? " pass-through" : " answered";
            if (pass.answered() != null) {
                pass.answered().close();
            }
            return pass.status() + answered;
        }
        if (delivery instanceof Delivery.Redirect redirect) {
            assertEquals("http://origin.test/" + KEY, redirect.location().toString());
            return "REDIRECT";
        }
        return delivery.status().name();
    }

    /** Stores the object so that, at T0 + 1 h (the request's time), it stands as asked. */
    private void store(Stored stored) throws Exception {
        now = T0.plus(Duration.ofHours(1));
        if (stored == Stored.NONE) {
            return;
        }
        Instant expires = stored == Stored.FRESH
                ? now.plusSeconds(60)
                : stored == Stored.UPLOADED ? now.plus(Duration.ofDays(3650)) : now.minusSeconds(1);
        Instant swr = stored == Stored.STALE_REVALIDATING ? now.plusSeconds(30) : expires;
        Instant sie = stored == Stored.STALE_ON_ERROR ? now.plusSeconds(30) : expires;
        ObjectKey key = new ObjectKey(KEY);
        try (Fill fill = store.begin(key)) {
            fill.write(ByteBuffer.wrap(BODY));
            StoredObject described =
                    new StoredObject(key, null, 0, "\"v1\"", "application/octet-stream", null, T0, expires, swr, sie);
            store.commit(fill, stored == Stored.UPLOADED ? described.asUploaded() : described, 0);
        }
    }

    private void awaitNoFill() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (filler.fillsInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // background fills run on their own threads; no clock is involved
        }
        assertEquals(0, filler.fillsInFlight(), "a fill is still running");
    }
}
