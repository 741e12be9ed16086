package io.geotier.node.origin;

/** The origin would refuse this request (an expired, forged or foreign signature): 403, whatever is stored. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
