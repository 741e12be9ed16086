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

    /** One response identity: the same name asked again and again. */
    private static final long NAME = 42;

    private static InetAddress ip(String text) {
        return Cidr.parse(text).network();
    }

    private static List<Verdict> judge(ResponseRateLimit limit, String client, int responses, int bytes) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < responses; i++) {
            verdicts.add(limit.judge(ip(client), NAME, bytes));
        }
        return verdicts;
    }

    @Test
    void aNetworkGetsItsBudgetThenEverySecondLimitedResponseSlips() {
        ResponseRateLimit limit = new ResponseRateLimit(1000, 0, 2, List.of());
        List<Verdict> v = judge(limit, "198.51.100.7", 14, 100);
        assertEquals(
                List.of(
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.SEND,
                        Verdict.DROP,
                        Verdict.SLIP,
                        Verdict.DROP,
                        Verdict.SLIP),
                v,
                "1000 bytes: ten 100-byte answers, then half dropped, half slipped");
    }

    @Test
    void largeAnswersSpendTheBudgetFaster() {
        ResponseRateLimit limit = new ResponseRateLimit(3000, 0, 0, List.of());
        assertEquals(List.of(Verdict.SEND, Verdict.SEND, Verdict.DROP), judge(limit, "198.51.100.7", 3, 1232));
    }

    @Test
    void budgetIsPerSlash24AndPerSlash56() {
        ResponseRateLimit limit = new ResponseRateLimit(100, 0, 0, List.of());
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), NAME, 100));
        assertEquals(Verdict.DROP, limit.judge(ip("198.51.100.200"), NAME, 100), "same /24");
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.101.1"), NAME, 100), "next /24");
        assertEquals(Verdict.SEND, limit.judge(ip("2001:db8:0:1::1"), NAME, 100));
        assertEquals(Verdict.DROP, limit.judge(ip("2001:db8:0:1:ffff::1"), NAME, 100), "same /56");
        assertEquals(Verdict.SEND, limit.judge(ip("2001:db8:0:100::1"), NAME, 100), "next /56");
        assertNotEquals(
                ResponseRateLimit.network(ip("0.0.0.0").getAddress()),
                ResponseRateLimit.network(ip("::").getAddress()));
    }

    @Test
    void budgetRefillsWithTimeAndExemptOrDisabledNeverLimit() throws InterruptedException {
        ResponseRateLimit limit = new ResponseRateLimit(10_000, 0, 0, List.of(Cidr.parse("10.0.0.0/8")));
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), NAME, 10_000));
        assertEquals(Verdict.DROP, limit.judge(ip("198.51.100.1"), NAME, 1_000));
        Thread.sleep(200); // 2 000 bytes back
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.100.1"), NAME, 1_000));
        assertEquals(List.of(Verdict.SEND, Verdict.SEND), judge(limit, "10.1.2.3", 2, 10_000), "exempt");
        assertEquals(
                Verdict.SEND,
                new ResponseRateLimit(0, 0, 2, List.of()).judge(ip("198.51.100.1"), NAME, 1 << 20),
                "off");
    }

    @Test
    void aNetworkQuietForLongGetsAFullBudgetNotAnOverflowedOne() {
        ResponseRateLimit limit = new ResponseRateLimit(1_000_000_000, 0, 0, List.of());
        byte[] client = ip("198.51.100.1").getAddress();
        long start = 1_000_000_000L;
        assertEquals(Verdict.SEND, limit.judge(client, NAME, 100, start));
        for (long quiet : new long[] {10, 100, 86_400, 10L * 365 * 86_400}) { // seconds
            assertEquals(
                    Verdict.SEND, limit.judge(client, NAME, 100, start + quiet * 1_000_000_000L), quiet + " s later");
        }
    }

    @Test
    void networksSharingASlotShareItsBudget() {
        InetAddress first = ip("198.51.100.1");
        InetAddress second = sharingASlotWith(first);
        ResponseRateLimit limit = new ResponseRateLimit(1000, 0, 0, List.of());
        assertEquals(Verdict.SEND, limit.judge(first, NAME, 1000));
        assertEquals(Verdict.DROP, limit.judge(second, NAME, 100), "one budget, spent by the first");
        assertEquals(Verdict.SEND, limit.judge(ip("198.51.101.1"), NAME, 1000), "another slot, another budget");
    }

    /**
     * Defect: every response was charged to the client's /24, so a public resolver sending ECS
     * queries for many client subnets from one /24 was limited. 20 000 queries in one second for
     * 1 000 subnets from one resolver address, at the default budgets, are all answered; 20 000
     * of one name (a spoofed flood) and of random names (NXDOMAIN) are limited.
     */
    @Test
    void aResolverAskingForManySubnetsIsAnsweredWhileAFloodOfOneNameOrRandomNamesIsLimited() throws Exception {
        ResponseRateLimit defaults = new ResponseRateLimit(262_144, 8 << 20, 2, List.of());
        byte[] resolver = ip("198.51.100.53").getAddress();
        long start = 1_000_000_000L;
        int sent = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] query = query("cdn.geotier.test.", "10." + (i % 1000 / 250) + "." + (i % 250) + ".0");
            long identity = ResponseIdentity.of(query, reply(query, 0, 1));
            sent += defaults.judge(resolver, identity, 90, start + i * 50_000L) == Verdict.SEND ? 1 : 0;
        }
        assertEquals(20_000, sent, "every ECS query of the resolver answered");

        ResponseRateLimit flood = new ResponseRateLimit(262_144, 8 << 20, 2, List.of());
        int floodSent = 0;
        int randomSent = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] one = query("cdn.geotier.test.", null);
            floodSent += flood.judge(
                                    ip("203.0.113.7").getAddress(),
                                    ResponseIdentity.of(one, reply(one, 0, 1)),
                                    90,
                                    start + i * 50_000L)
                            == Verdict.SEND
                    ? 1
                    : 0;
            byte[] random = query("x" + i + ".geotier.test.", null);
            randomSent += flood.judge(
                                    ip("203.0.114.7").getAddress(),
                                    ResponseIdentity.of(random, reply(random, 3, 0)),
                                    90,
                                    start + i * 50_000L)
                            == Verdict.SEND
                    ? 1
                    : 0;
        }
        // A full bucket and one second's refill: 512 KiB of the 1.8 MB asked for, 5 825 responses.
        assertEquals(5_825, floodSent, "one name is limited");
        assertEquals(5_825, randomSent, "random names share one NXDOMAIN budget");
    }

    @Test
    void aNetworkRotatingIdentitiesIsHeldToItsNetworkBudget() {
        ResponseRateLimit limit = new ResponseRateLimit(1_000, 10_000, 0, List.of());
        int sent = 0;
        for (int identity = 0; identity < 1_000; identity++) {
            sent += limit.judge(ip("198.51.100.9").getAddress(), identity, 100, 1L) == Verdict.SEND ? 1 : 0;
        }
        assertEquals(100, sent, "10 000 bytes of 100-byte responses, however many identities");
    }

    private static byte[] query(String name, String ecsSubnet) throws Exception {
        org.xbill.DNS.Message q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN));
        if (ecsSubnet != null) {
            q.addRecord(
                    new org.xbill.DNS.OPTRecord(
                            1232,
                            0,
                            0,
                            0,
                            List.of(new org.xbill.DNS.ClientSubnetOption(24, InetAddress.getByName(ecsSubnet)))),
                    org.xbill.DNS.Section.ADDITIONAL);
        }
        return q.toWire();
    }

    /** The reply's header as the limiter reads it: rcode and answer count. */
    private static byte[] reply(byte[] query, int rcode, int answers) {
        byte[] reply = query.clone();
        reply[2] |= (byte) 0x84;
        reply[3] = (byte) ((reply[3] & 0xf0) | rcode);
        reply[7] = (byte) answers;
        return reply;
    }

    @Test
    void anyNumberOfNetworksFitsTheFixedTable() {
        ResponseRateLimit limit = new ResponseRateLimit(1000, 0, 0, List.of());
        for (int i = 0; i < 200_000; i++) { // three times the slots
            limit.judge(ip("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)), NAME, 10);
        }
        assertEquals(Verdict.SEND, limit.judge(ip("203.0.113.9"), NAME, 100), "a new network still gets a budget");
    }

    private static InetAddress sharingASlotWith(InetAddress first) {
        int slot = ResponseRateLimit.slotOf(
                ResponseRateLimit.responseKey(ResponseRateLimit.network(first.getAddress()), NAME));
        for (int a = 1; a < 224; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c++) {
                    InetAddress candidate = ip(a + "." + b + "." + c + ".1");
                    long network = ResponseRateLimit.network(candidate.getAddress());
                    if (network != ResponseRateLimit.network(first.getAddress())
                            && ResponseRateLimit.slotOf(ResponseRateLimit.responseKey(network, NAME)) == slot) {
                        return candidate;
                    }
                }
            }
        }
        throw new AssertionError("no network shares a slot");
    }
}
