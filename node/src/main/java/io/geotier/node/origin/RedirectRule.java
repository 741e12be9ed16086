package io.geotier.node.origin;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which origin redirects are followed: none unless {@code geotier.origin.follow-redirects}, and
 * then only over http(s) to an allowed host and port (the origin's own unless
 * {@code redirect-hosts} lists others), at most {@value #MAX_HOPS} in a row. Everything else is
 * left to the caller as the 3xx it is, which the node refuses with a 502.
 */
final class RedirectRule {

    static final int MAX_HOPS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final boolean follow;
    private final Set<String> allowed;

    RedirectRule(OriginConfig config) {
        this.follow = config.followRedirects();
        this.allowed =
                config.redirectHosts().filter(l -> !l.isEmpty()).orElse(List.of(hostPort(config.base()))).stream()
                        .map(h -> h.contains(":")
                                ? h
                                : h + ":" + defaultPort(config.base().getScheme()))
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
    }

    /** Where to go next, when this response is a redirect the rule follows. */
    Optional<URI> next(URI from, OriginResponse response) {
        if (!follow || !REDIRECTS.contains(response.status())) {
            return Optional.empty();
        }
        String location = response.header("Location");
        if (location == null) {
            return Optional.empty();
        }
        try {
            URI target = from.resolve(location.trim());
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && target.getHost() != null
                    && allowed.contains(hostPort(target))) {
                return Optional.of(target);
            }
        } catch (IllegalArgumentException e) {
            // an unreadable Location is not followed
        }
        return Optional.empty();
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
        return (uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
