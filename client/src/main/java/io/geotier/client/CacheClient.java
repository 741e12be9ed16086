package io.geotier.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a primary web site needs from Geotier: is this object cached, and which URL to give the
 * user. Answers are remembered for the local cache time, so a busy page asks the node about each
 * object at most once per period; a node that fails or does not answer in time counts as "not
 * cached", so the caller falls back to the origin and never breaks because the cache is down.
 *
 * <pre>
 * CacheClient cdn = CacheClient.builder(URI.create("http://cdn.example.com")).localCacheTime(Duration.ofMinutes(5)).build();
 * String href = cdn.verify(key) ? cdn.downloadUrl(key).toString() : originUrl(key);
 * </pre>
 */
public final class CacheClient {

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Cache<String, Boolean> answers;

    private CacheClient(Builder b) {
        this.baseUrl = URI.create(b.baseUrl.toString().replaceAll("/+$", ""));
        this.timeout = b.timeout;
        this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(b.localCacheTime)
                .maximumSize(b.maxRemembered)
                .build();
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Whether the cache holds the object now. Asks the node with {@code HEAD} and
     * {@code Cache-Control: only-if-cached}, which the node answers from its store alone (200) or
     * with 504, never by fetching from the origin.
     */
    public boolean verify(String key) {
        return answers.get(ObjectKeys.check(key), this::askNode);
    }

    /** The URL users download the object from. */
    public URI downloadUrl(String key) {
        return URI.create(baseUrl + "/" + ObjectKeys.encode(ObjectKeys.check(key)));
    }

    /** Forgets what was learnt about one object, e.g. right after triggering its sync. */
    public void forget(String key) {
        answers.invalidate(key);
    }

    private boolean askNode(String key) {
        HttpRequest request = HttpRequest.newBuilder(downloadUrl(key))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Cache-Control", "only-if-cached")
                .timeout(timeout)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Settings of a client; only the base URL is required. */
    public static final class Builder {
        private final URI baseUrl;
        private Duration localCacheTime = Duration.ofMinutes(1);
        private Duration timeout = Duration.ofSeconds(2);
        private long maxRemembered = 100_000;

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("base URL needs a scheme and a host: " + baseUrl);
            }
        }

        /** How long an answer of the node is reused (default 1 minute). */
        public Builder localCacheTime(Duration time) {
            this.localCacheTime = Objects.requireNonNull(time);
            return this;
        }

        /** How long to wait for the node before answering "not cached" (default 2 s). */
        public Builder timeout(Duration time) {
            this.timeout = Objects.requireNonNull(time);
            return this;
        }

        /** How many answers to remember at most (default 100 000). */
        public Builder maxRemembered(long count) {
            this.maxRemembered = count;
            return this;
        }

        public CacheClient build() {
            return new CacheClient(this);
        }
    }

    /** Keys are object paths: "podcasts/ep1.mp3", no leading slash needed. */
    static final class ObjectKeys {
        private ObjectKeys() {}

        static String check(String key) {
            Objects.requireNonNull(key, "key");
            String k = key.replaceFirst("^/+", "");
            if (k.isEmpty()) {
                throw new IllegalArgumentException("empty object key");
            }
            return k;
        }

        /** Percent-encodes each path segment, keeping the slashes between them. */
        static String encode(String key) {
            StringBuilder out = new StringBuilder();
            for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c == '/'
                        || c >= 'a' && c <= 'z'
                        || c >= 'A' && c <= 'Z'
                        || c >= '0' && c <= '9'
                        || c == '-'
                        || c == '.'
                        || c == '_'
                        || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%')
                            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }
    }
}
