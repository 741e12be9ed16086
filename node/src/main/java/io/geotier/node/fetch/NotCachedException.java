package io.geotier.node.fetch;

/** The client asked for a cached copy only (Cache-Control: only-if-cached) and there is none. */
public class NotCachedException extends RuntimeException {

    public NotCachedException(String key) {
        super("not cached: " + key);
    }
}
