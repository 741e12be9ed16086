package io.geotier.client;

import java.net.URI;

/**
 * A node geodns would steer a user to.
 *
 * @param name   the node's name, e.g. {@code eu-west-1}
 * @param region its region
 * @param url    the base URL it registered (its first address and port), e.g. {@code http://203.0.113.7:8080}
 */
public record SteeredNode(String name, String region, URI url) {}
