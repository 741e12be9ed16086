package io.geotier.node;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong in asynchronous work, without the wrappers futures put around it. */
public final class Failures {

    private Failures() {}

    /** The failure inside any CompletionException or ExecutionException wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The cause's type and message, for logs and health details. */
    public static String describe(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
