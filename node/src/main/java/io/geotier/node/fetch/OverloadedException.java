package io.geotier.node.fetch;

/** The node is running as much origin work as it is allowed: 503 with Retry-After, nothing lost. */
public final class OverloadedException extends RuntimeException {

    public OverloadedException(String message) {
        super(message, null, false, false);
    }
}
