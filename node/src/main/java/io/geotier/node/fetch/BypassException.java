package io.geotier.node.fetch;

/** The object cannot be stored within the budget: each request streams it from the origin instead. */
public class BypassException extends RuntimeException {

    public BypassException(String message) {
        super(message, null, false, false);
    }
}
