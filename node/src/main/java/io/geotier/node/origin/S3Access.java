package io.geotier.node.origin;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.geotier.node.DaemonThreads;
import io.geotier.node.store.ObjectKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * S3's access rules in front of the store: a request gets an object only if S3 would give it to
 * that very request. A signature past its expiry (or not yet valid) is refused at once. Otherwise
 * one with the node's own key is checked locally ({@link SigV4Check}); any other (V2, another
 * key, no credentials) is judged by S3 itself, once per distinct signature, with a one-byte
 * ranged GET of the same URL, and the verdict is kept until the signature expires. An unsigned
 * request is judged the same way once per key for {@code anonymous-verdict-ttl}: a public object
 * costs one check a minute, a private one is never served to a client without a signature.
 */
final class S3Access implements AccessCheck, AutoCloseable {

    /** S3 takes a signature dated up to 15 minutes ahead of its own clock. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private record Verdict(boolean allowed, Instant until, String reason) {}

    private final OriginClient http;
    private final SigV4Check local;
    private final InstantSource clock;
    private final Duration anonymousTtl;
    private final ExecutorService judges;
    private final AsyncCache<String, Verdict> verdicts;

    S3Access(OriginClient http, SigV4Check local, S3Config config, InstantSource clock) {
        this.http = http;
        this.local = local;
        this.clock = clock;
        this.anonymousTtl = config.anonymousVerdictTtl();
        this.judges = new ThreadPoolExecutor(
                4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4096), DaemonThreads.named("geotier-s3-judge"));
        this.verdicts = Caffeine.newBuilder()
                .maximumSize(config.verdictCacheSize())
                .expireAfter(Expiry.creating((String k, Verdict v) ->
                        Duration.between(clock.instant(), v.until()).isNegative()
                                ? Duration.ZERO
                                : Duration.between(clock.instant(), v.until())))
                .executor(judges)
                .buildAsync();
    }

    @Override
    public CompletionStage<Void> admit(ObjectKey key, String rawQuery) {
        Presigned p;
        try {
            p = Presigned.parse(rawQuery);
        } catch (AccessDeniedException e) {
            return CompletableFuture.failedFuture(e);
        }
        Instant now = clock.instant();
        if (p.version() != Presigned.Version.NONE) {
            if (!now.isBefore(p.expiresAt())) {
                return CompletableFuture.failedFuture(
                        new AccessDeniedException("the signature expired at " + p.expiresAt()));
            }
            if (p.signedAt() != null && p.signedAt().isAfter(now.plus(CLOCK_SKEW))) {
                return CompletableFuture.failedFuture(new AccessDeniedException("the signature is not valid yet"));
            }
        }
        String cacheKey = p.version() == Presigned.Version.NONE ? key.path() : key.path() + "?" + rawQuery;
        return verdicts.get(cacheKey, (k, executor) -> judge(key, rawQuery, p, now, executor))
                .thenAccept(v -> {
                    if (!v.allowed()) {
                        throw new AccessDeniedException(v.reason());
                    }
                });
    }

    private CompletableFuture<Verdict> judge(
            ObjectKey key, String rawQuery, Presigned p, Instant now, java.util.concurrent.Executor executor) {
        Instant until = p.version() == Presigned.Version.NONE ? now.plus(anonymousTtl) : p.expiresAt();
        if (local != null && local.canCheck(p)) {
            boolean valid = local.valid(p, key.path());
            return CompletableFuture.completedFuture(
                    new Verdict(valid, until, valid ? null : "the signature does not match this object"));
        }
        return CompletableFuture.supplyAsync(() -> askOrigin(key, rawQuery, until), executor);
    }

    /** S3's own answer to a one-byte read with the client's query: 403 refuses, anything S3 serves admits. */
    private Verdict askOrigin(ObjectKey key, String rawQuery, Instant until) {
        try (OriginResponse answer = http.get(key, rawQuery, Map.of("Range", "bytes=0-0"))) {
            int status = answer.status();
            if (status == 403) {
                return new Verdict(false, until, "the origin refuses this request (403)");
            }
            if (status == 200 || status == 206 || status == 304 || status == 404 || status == 416) {
                return new Verdict(true, until, null);
            }
            throw new UncheckedIOException(
                    new IOException("cannot check the signature: the origin answered " + status));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot check the signature: " + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        judges.shutdownNow();
    }
}
