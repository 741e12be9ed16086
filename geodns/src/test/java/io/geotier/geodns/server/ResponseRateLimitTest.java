package io.geotier.geodns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.geotier.geodns.geo.Cidr;
import io.geotier.geodns.server.ResponseRateLimit.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseRateLimitTest {

    private static InetAddress ip(String text) {
        return Cidr.parse(text).network();
    }

    private static List<Verdict> judge(ResponseRateLimit limit, String client, int responses, int bytes) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < responses; i++) {
            verdicts.add(limit.judge(ip(client), bytes));
        }
        return verdicts;
    }

    @Test
    void aNetworkGetsItsBudgetThenEverySecondLimitedResponseSlips() {
        ResponseRateLimit limit = new ResponseRateLimit(1000, 2, List.of());
        List<Verdict> v = judge(limit, "198.51.100.7", 14, 100);
        assertEquals(List.of(Verdict.SEND, Verdict.SEND, Verdict.SEND, Verdict.SEND, Verdict.SEND, Verdict.SEND,
                Verdict.SEND, Verdict.SEND, Verdict.SEND, Verdict.SEND, Verdict.DROP, Verdict.SLIP, Verdict.DROP,
                Verdict.SLIP), v, "1000 bytes: ten 100-byte answers, then half dropped, half slipped");
    }

    @Test
    void largeAnswersSpendTheBudgetFaster() {
        ResponseRateLimit limit = new ResponseRateLimit(3000, 0, List.of());
        assertEquals(List.of(Verdict.SEND, Verdict.SEND, Verdict.DROP), judge(limit, "198.51.100.7", 3, 1232));
    }

    @Test
    void budgetIsPerSlash24AndPerSlash56() {
        ResponseRateLimit limit = new ResponseRateLimit(100, 0, List.of());
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), 100));
        assertEquals(Verdict.DROP, limit.judge(ip("198.51.100.200"), 100), "same /24");
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.101.1"), 100), "next /24");
        assertEquals(Verdict.SEND, limit.judge(ip("2001:db8:0:1::1"), 100));
        assertEquals(Verdict.DROP, limit.judge(ip("2001:db8:0:1:ffff::1"), 100), "same /56");
        assertEquals(Verdict.SEND, limit.judge(ip("2001:db8:0:100::1"), 100), "next /56");
        assertNotEquals(ResponseRateLimit.network(ip("0.0.0.0").getAddress()), ResponseRateLimit.network(ip("::").getAddress()));
    }

    @Test
    void budgetRefillsWithTimeAndExemptOrDisabledNeverLimit() throws InterruptedException {
        ResponseRateLimit limit = new ResponseRateLimit(10_000, 0, List.of(Cidr.parse("10.0.0.0/8")));
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), 10_000));
        assertEquals(Verdict.DROP, limit.judge(ip("198.51.100.1"), 1_000));
        Thread.sleep(200); // 2 000 bytes back
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), 1_000));
        assertEquals(List.of(Verdict.SEND, Verdict.SEND), judge(limit, "10.1.2.3", 2, 10_000), "exempt");
        assertEquals(Verdict.SEND, new ResponseRateLimit(0, 2, List.of()).judge(ip("198.51.100.1"), 1 << 20), "off");
    }

    @Test
    void aNetworkQuietForLongGetsAFullBudgetNotAnOverflowedOne() {
        ResponseRateLimit limit = new ResponseRateLimit(1_000_000_000, 0, List.of());
        byte[] client = ip("198.51.100.1").getAddress();
        long start = 1_000_000_000L;
        assertEquals(Verdict.SEND, limit.judge(client, 100, start));
        for (long quiet : new long[] {10, 100, 86_400, 10L * 365 * 86_400}) { // seconds
            assertEquals(Verdict.SEND, limit.judge(client, 100, start + quiet * 1_000_000_000L), quiet + " s later");
        }
    }

    @Test
    void networksSharingASlotShareItsBudget() {
        InetAddress first = ip("198.51.100.1");
        InetAddress second = sharingASlotWith(first);
        ResponseRateLimit limit = new ResponseRateLimit(1000, 0, List.of());
        assertEquals(Verdict.SEND, limit.judge(first, 1000));
        assertEquals(Verdict.DROP, limit.judge(second, 100), "one budget, spent by the first");
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.101.1"), 1000), "another slot, another budget");
    }

    @Test
    void anyNumberOfNetworksFitsTheFixedTable() {
        ResponseRateLimit limit = new ResponseRateLimit(1000, 0, List.of());
        for (int i = 0; i < 200_000; i++) { // three times the slots
            limit.judge(ip("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)), 10);
        }
        assertEquals(Verdict.SEND, limit.judge(ip("203.0.113.9"), 100), "a new network still gets a budget");
    }

    private static InetAddress sharingASlotWith(InetAddress first) {
        int slot = ResponseRateLimit.slotOf(ResponseRateLimit.network(first.getAddress()));
        for (int a = 1; a < 224; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c++) {
                    InetAddress candidate = ip(a + "." + b + "." + c + ".1");
                    long network = ResponseRateLimit.network(candidate.getAddress());
                    if (network != ResponseRateLimit.network(first.getAddress()) && ResponseRateLimit.slotOf(network) == slot) {
                        return candidate;
                    }
                }
            }
        }
        throw new AssertionError("no network shares a slot");
    }
}
