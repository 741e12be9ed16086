package io.geotier.client;

import java.net.URI;

/** Where to send a user for an object: {@link CacheClient#route}. */
public sealed interface Route {

    /** The node holds the object: redirect the user to {@code url}. */
    record ToCache(URI url) implements Route {}

    /**
     * Serve the object from the origin. {@code syncRequested}: this call asked a node to fetch it
     * (once per key per local cache time), so a later call will likely send users to the cache.
     */
    record ToOrigin(boolean syncRequested) implements Route {}
}
