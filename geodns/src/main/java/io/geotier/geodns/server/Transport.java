package io.geotier.geodns.server;

/** How a query arrived; it decides the largest response that may be sent back. */
public enum Transport {
    UDP,
    TCP
}
