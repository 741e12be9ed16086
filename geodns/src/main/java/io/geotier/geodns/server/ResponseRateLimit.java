package io.geotier.geodns.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.geotier.geodns.geo.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Response rate limiting for UDP, against reflection and amplification: a spoofed source can make
 * us send bytes at a victim, so each client network (IPv4 /24, IPv6 /56) gets, for each response
 * identity ({@link ResponseIdentity}: the question and ECS subnet of an answer, or the rcode of a
 * negative one), a budget of response bytes per second, refilled continuously and holding at most
 * one second's worth; and the network as a whole gets a larger one, so rotating names or ECS
 * subnets cannot multiply what one network receives without bound. Keyed as BIND and Knot key it:
 * a public resolver asking from one /24 for a thousand client subnets is answered, a spoofed flood
 * of one name is limited. A response over
 * budget is dropped, except every {@code slip}-th one, which goes out as an empty truncated reply:
 * a real resolver behind the network retries over TCP (which cannot be spoofed and is never
 * limited), while a victim receives fewer bytes than the attacker sent. Charging bytes rather
 * than responses makes large answers cost what they amplify.
 *
 * <p>Buckets live in a fixed table indexed by a hash of the network, as in BIND's and Knot's RRL:
 * nothing is allocated per query and nothing has to be evicted, so memory stays bounded however
 * many networks a spoofer cycles through. Networks that land in one slot share its budget: they
 * are limited sooner, never later, and a slot's budget is whole again after a quiet second.
 */
public final class ResponseRateLimit {

    /** What to do with one response. */
    public enum Verdict {
        SEND,
        SLIP,
        DROP
    }

    private static final int SLOTS = 1 << 16; // per table, about 2.5 MiB once all are in use

    private final long bytesPerSecond;
    private final long networkBytesPerSecond;
    private final int slip;
    private final List<Cidr> exempt;
    private final AtomicReferenceArray<Bucket> responses = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<Bucket> networks = new AtomicReferenceArray<>(SLOTS);

    /**
     * @param bytesPerSecond        budget per client network and response identity; 0 turns limiting off
     * @param networkBytesPerSecond budget per client network, all responses together; 0 for none
     * @param slip                  every slip-th limited response is sent truncated; 0 drops them all
     */
    public ResponseRateLimit(long bytesPerSecond, long networkBytesPerSecond, int slip, List<Cidr> exempt) {
        this.bytesPerSecond = bytesPerSecond;
        this.networkBytesPerSecond = networkBytesPerSecond;
        this.slip = slip;
        this.exempt = List.copyOf(exempt);
    }

    /**
     * What to do with {@code reply} to {@code query}. What the response is ({@link ResponseIdentity})
     * is worked out only when limiting applies: not for exempt clients, nor with limiting off.
     */
    public Verdict judge(InetAddress client, byte[] query, byte[] reply) {
        byte[] address = client.getAddress();
        if (bytesPerSecond == 0 || isExempt(address)) {
            return Verdict.SEND;
        }
        return take(address, ResponseIdentity.of(query, reply), reply.length, System.nanoTime());
    }

    /** The same, for a response whose identity is known (tests). */
    Verdict judge(InetAddress client, long identity, int responseBytes) {
        if (bytesPerSecond == 0) {
            return Verdict.SEND;
        }
        return judge(client.getAddress(), identity, responseBytes, System.nanoTime());
    }

    /** @param now {@link System#nanoTime()}, given by tests to pass time; limiting is on */
    Verdict judge(byte[] address, long identity, int responseBytes, long now) {
        return isExempt(address) ? Verdict.SEND : take(address, identity, responseBytes, now);
    }

    private Verdict take(byte[] address, long identity, int responseBytes, long now) {
        long network = network(address);
        Verdict verdict = slot(responses, responseKey(network, identity), bytesPerSecond, now)
                .take(responseBytes, now, bytesPerSecond, slip);
        if (verdict != Verdict.SEND || networkBytesPerSecond == 0) {
            return verdict;
        }
        return slot(networks, network, networkBytesPerSecond, now)
                .take(responseBytes, now, networkBytesPerSecond, slip);
    }

    private static Bucket slot(AtomicReferenceArray<Bucket> table, long key, long capacity, long now) {
        int index = slotOf(key);
        Bucket bucket = table.get(index);
        if (bucket == null) {
            table.compareAndSet(index, null, new Bucket(capacity, now));
            bucket = table.get(index);
        }
        return bucket;
    }

    /** The key of one network's responses of one identity. */
    static long responseKey(long network, long identity) {
        return network * 0x9E3779B97F4A7C15L + identity;
    }

    static int slotOf(long network) {
        return (int) (mix(network) & (SLOTS - 1));
    }

    /** Spreads neighbouring networks over the table (the finalizer of SplitMix64). */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private boolean isExempt(byte[] address) {
        for (Cidr cidr : exempt) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The client's /24 (IPv4) or /56 (IPv6) as a number; the two families cannot collide. */
    static long network(byte[] a) {
        if (a.length == 4) {
            return ((a[0] & 0xffL) << 16) | ((a[1] & 0xffL) << 8) | (a[2] & 0xffL);
        }
        long n = 1L << 62; // above any IPv4 key
        for (int i = 0; i < 7; i++) {
            n |= (a[i] & 0xffL) << (8 * (6 - i));
        }
        return n;
    }

    /** A token bucket of bytes; synchronized because the UDP threads share it. */
    private static final class Bucket {
        @GuardedBy("this")
        private double tokens;

        @GuardedBy("this")
        private long refilledAt;

        @GuardedBy("this")
        private int limited;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized Verdict take(int bytes, long now, long perSecond, int slip) {
            // In double: nanoseconds times a rate overflows a long after 9 s idle at 1 GB/s. Another
            // thread may have read the clock after this one and refilled first: time never runs back.
            tokens = Math.min(perSecond, tokens + Math.max(0, now - refilledAt) * 1e-9 * perSecond);
            refilledAt = Math.max(refilledAt, now);
            if (tokens >= bytes) {
                tokens -= bytes;
                return Verdict.SEND;
            }
            limited++;
            return slip > 0 && limited % slip == 0 ? Verdict.SLIP : Verdict.DROP;
        }
    }
}
