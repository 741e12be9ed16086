package io.geotier.node.store;

/** A request path that cannot name a cached object; the client gets a 400 and nothing is written. */
public class InvalidKeyException extends IllegalArgumentException {

    public InvalidKeyException(String message) {
        super(message);
    }
}
