package io.geotier.harness.origin;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the demo origin misbehaves, switchable while it runs: the failures a cache must survive.
 * Paths are request paths without the leading slash; every setting starts off.
 */
public final class OriginFaults {

    private volatile long bytesPerSecond;
    private volatile Duration headerDelay = Duration.ZERO;
    private volatile boolean dropConnections;
    private volatile int forcedStatus;
    private final Map<String, Long> breakAfter = new ConcurrentHashMap<>();
    private volatile long breakEveryBodyAfter = -1;
    private final Map<String, Map<String, String>> headers = new ConcurrentHashMap<>();
    private final Set<String> chunked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    /** Limits every body to this rate (0: unlimited). Paths under /slow/ are always limited. */
    public OriginFaults throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Waits this long before answering anything: a slow or hung origin. */
    public OriginFaults headerDelay(Duration delay) {
        this.headerDelay = delay;
        return this;
    }

    /** Closes every connection without an answer: an origin that is down. */
    public OriginFaults dropConnections(boolean drop) {
        this.dropConnections = drop;
        return this;
    }

    /** Answers every request with this status and no body (0: off). */
    public OriginFaults forceStatus(int status) {
        this.forcedStatus = status;
        return this;
    }

    /** Cuts the connection after this many body bytes of the path: an origin that dies mid-body. */
    public OriginFaults breakAfter(String path, long bytes) {
        breakAfter.put(path, bytes);
        return this;
    }

    /** Cuts every body after this many bytes (negative: off): an origin breaking mid-body everywhere. */
    public OriginFaults breakEveryBodyAfter(long bytes) {
        this.breakEveryBodyAfter = bytes;
        return this;
    }

    /** Sends these response headers for the path, replacing the defaults of the same name. */
    public OriginFaults headers(String path, Map<String, String> values) {
        headers.put(path, Map.copyOf(values));
        return this;
    }

    /** Sends the path's body chunked, without Content-Length, as origins that generate bodies do. */
    public OriginFaults chunked(String path) {
        chunked.add(path);
        return this;
    }

    /** Answers the path with 302 to this location, as an origin that moved it (or an attacker's) does. */
    public OriginFaults redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    String redirect(String path) {
        return redirects.get(path);
    }

    /** Back to a well-behaved origin. */
    public void clear() {
        bytesPerSecond = 0;
        headerDelay = Duration.ZERO;
        dropConnections = false;
        forcedStatus = 0;
        breakEveryBodyAfter = -1;
        breakAfter.clear();
        headers.clear();
        chunked.clear();
        redirects.clear();
    }

    boolean isChunked(String path) {
        return chunked.contains(path);
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    Duration headerDelay() {
        return headerDelay;
    }

    boolean dropConnections() {
        return dropConnections;
    }

    int forcedStatus() {
        return forcedStatus;
    }

    Long breakAfter(String path) {
        Long cut = breakAfter.get(path);
        return cut == null && breakEveryBodyAfter >= 0 ? Long.valueOf(breakEveryBodyAfter) : cut;
    }

    Map<String, String> headers(String path) {
        return headers.getOrDefault(path, Map.of());
    }
}
