package io.geotier.node.origin;

import java.io.IOException;

/** The origin did not answer in time: a 504 for the client, or a stale copy. */
public class OriginTimeoutException extends IOException {

    public OriginTimeoutException(String message) {
        super(message);
    }
}
