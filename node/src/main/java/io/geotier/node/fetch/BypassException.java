package io.geotier.node.fetch;

import io.geotier.node.origin.OriginResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The object is not stored (the origin forbids it, or it does not fit the budget): requests stream
 * it from the origin instead. When the fill already holds the origin's answer, the exception
 * carries it so that one waiting request relays it and the origin is asked once, not twice; every
 * other request, and any that comes later, asks the origin itself.
 */
public class BypassException extends RuntimeException {

    private final transient AtomicReference<OriginResponse> response;

    public BypassException(String message) {
        this(message, null);
    }

    BypassException(String message, OriginResponse response) {
        super(message, null, false, false);
        this.response = new AtomicReference<>(response);
    }

    /** The origin's answer for the first caller to ask; the caller then owns and closes it. */
    public Optional<OriginResponse> take() {
        return Optional.ofNullable(response.getAndSet(null));
    }

    /** Closes the answer if no request took it. */
    void closeUntaken() {
        take().ifPresent(r -> {
            try {
                r.close();
            } catch (IOException ignored) {
                // a connection nobody reads from: dropping it is all that is left
            }
        });
    }
}
