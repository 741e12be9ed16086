package io.geotier.geodns.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geotier.geodns.geo.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Response rate limiting for UDP, against reflection and amplification: a spoofed source can make
 * us send bytes at a victim, so each client network (IPv4 /24, IPv6 /56) gets a budget of response
 * bytes per second, refilled continuously and holding at most one second's worth. A response over
 * budget is dropped, except every {@code slip}-th one, which goes out as an empty truncated reply:
 * a real resolver behind the network retries over TCP (which cannot be spoofed and is never
 * limited), while a victim receives fewer bytes than the attacker sent. Charging bytes rather
 * than responses makes large answers cost what they amplify.
 */
public final class ResponseRateLimit {

    /** What to do with one response. */
    public enum Verdict { SEND, SLIP, DROP }

    private static final Duration FORGET_AFTER = Duration.ofSeconds(10);

    private final long bytesPerSecond;
    private final int slip;
    private final List<Cidr> exempt;
    private final Cache<Long, Bucket> buckets;

    /**
     * @param bytesPerSecond budget per client network; 0 turns limiting off
     * @param slip           every slip-th limited response is sent truncated; 0 drops them all
     */
    public ResponseRateLimit(long bytesPerSecond, int slip, List<Cidr> exempt) {
        this.bytesPerSecond = bytesPerSecond;
        this.slip = slip;
        this.exempt = List.copyOf(exempt);
        this.buckets = Caffeine.newBuilder().expireAfterAccess(FORGET_AFTER).maximumSize(1 << 20).build();
    }

    public Verdict judge(InetAddress client, int responseBytes) {
        if (bytesPerSecond == 0 || isExempt(client)) {
            return Verdict.SEND;
        }
        Bucket bucket = buckets.get(network(client), k -> new Bucket(bytesPerSecond));
        return bucket.take(responseBytes, System.nanoTime(), bytesPerSecond, slip);
    }

    private boolean isExempt(InetAddress client) {
        for (Cidr cidr : exempt) {
            if (cidr.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** The client's /24 (IPv4) or /56 (IPv6) as a number; the two families cannot collide. */
    static long network(InetAddress client) {
        byte[] a = client.getAddress();
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
        private double tokens;
        private long refilledAt = System.nanoTime();
        private int limited;

        Bucket(long capacity) {
            this.tokens = capacity;
        }

        synchronized Verdict take(int bytes, long now, long perSecond, int slip) {
            tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= bytes) {
                tokens -= bytes;
                return Verdict.SEND;
            }
            limited++;
            return slip > 0 && limited % slip == 0 ? Verdict.SLIP : Verdict.DROP;
        }
    }
}
