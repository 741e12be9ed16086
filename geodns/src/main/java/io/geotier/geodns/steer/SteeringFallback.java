package io.geotier.geodns.steer;

import java.net.InetAddress;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What to answer when no node may be: an address (A or AAAA) or a name (CNAME), typically the
 * origin, so users are still served, more slowly, instead of getting NXDOMAIN or SERVFAIL.
 */
public sealed interface SteeringFallback {

    record Address(InetAddress address) implements SteeringFallback {}

    record Alias(Name target) implements SteeringFallback {}

    /** An IPv4 or IPv6 literal becomes an address, anything else an absolute name. */
    static SteeringFallback parse(String value) {
        String v = value.trim();
        if (v.matches("[0-9.]+") || v.contains(":")) {
            return new Address(io.geotier.geodns.geo.Cidr.parse(v).network());
        }
        try {
            return new Alias(Name.fromString(v.endsWith(".") ? v : v + ".", Name.root));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("steering fallback is neither an address nor a name: " + value, e);
        }
    }
}
