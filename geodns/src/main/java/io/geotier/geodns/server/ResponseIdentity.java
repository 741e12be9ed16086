package io.geotier.geodns.server;

import java.util.Arrays;

/**
 * What a response is, for rate limiting, as BIND's and Knot's RRL see it: an answer is its
 * question (name, type) and, for a query with ECS, the client subnet it was tailored to, so a
 * large resolver asking for many client subnets from one network spends a budget per subnet; a
 * negative answer or an error is only its rcode, so a flood of random names shares one budget
 * instead of escaping with a new name each time.
 */
final class ResponseIdentity {

    private static final int NXDOMAIN = 3;

    private ResponseIdentity() {}

    /** A 64-bit identity of the reply to {@code query}; queries that are not plain count by rcode. */
    static long of(byte[] query, byte[] reply) {
        int rcode = reply.length > 3 ? reply[3] & 0x0f : 0;
        int answers = reply.length > 7 ? ((reply[6] & 0xff) << 8) | (reply[7] & 0xff) : 0;
        if (rcode == NXDOMAIN || rcode != 0 || answers == 0) {
            return 0x5bd1e995L * (rcode + 1); // negative answers and errors: one identity per rcode
        }
        QueryShape shape = QueryShape.of(query);
        if (shape == null) {
            return 0x5bd1e995L * 17;
        }
        long h = Arrays.hashCode(shape.qname()) * 31L + shape.qtype();
        if (shape.hasEcs()) {
            h = h * 31 + shape.ecsFamily();
            h = h * 31 + shape.ecsSourcePrefix();
            h = h * 31 + Arrays.hashCode(shape.ecsAddress());
        }
        return h;
    }
}
