package io.geotier.node.fetch;

/**
 * The origin could not provide an object: {@link #status()} is what the client gets (404 when the
 * origin has no such object, 502 for any other origin failure).
 */
public class OriginStatusException extends RuntimeException {

    private final int status;

    public OriginStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
