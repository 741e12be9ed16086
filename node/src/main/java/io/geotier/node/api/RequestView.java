package io.geotier.node.api;

/**
 * What the data path read from a request's headers before answering it.
 *
 * @param ranges null when the request has no Range to honour
 */
record RequestView(boolean head, Preconditions preconditions, ByteRanges ranges, String rawRange) {}
