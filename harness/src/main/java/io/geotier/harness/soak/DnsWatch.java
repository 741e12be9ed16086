package io.geotier.harness.soak;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks geodns for the steered name every 50 ms as a user of each region would (ECS with the
 * region's coverage subnet), over UDP and every tenth time over TCP; remembers each region's
 * latest answer for the load to use, and times how long any answer pointed at a dead node.
 */
final class DnsWatch implements Runnable {

    private final Cluster cluster;
    private final Tally tally;
    private final Map<String, InetAddress> latest = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    DnsWatch(Cluster cluster, Tally tally) {
        this.cluster = cluster;
        this.tally = tally;
    }

    /** The address geodns last gave users of the region, or null before any answer. */
    InetAddress answerFor(String region) {
        return latest.get(region);
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long round = 0;
        while (!stopped) {
            for (Cluster.Region region : Cluster.REGIONS) {
                ask(region, round % 10 == 0);
            }
            round++;
            sleep(50);
        }
    }

    private void ask(Cluster.Region region, boolean tcp) {
        try {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(cluster.dnsPort);
            resolver.setTCP(tcp);
            resolver.setTimeout(Duration.ofMillis(500));
            Message query = Message.newQuery(Record.newRecord(Name.fromString("cdn.geotier.test."), Type.A, DClass.IN));
            String subnet = region.address().substring(0, region.address().lastIndexOf('.')) + ".0";
            query.addRecord(
                    new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(subnet)))),
                    Section.ADDITIONAL);
            Message answer = resolver.send(query);
            if (answer.getRcode() != Rcode.NOERROR) {
                tally.error("dns-" + Rcode.string(answer.getRcode()).toLowerCase());
                return;
            }
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (record instanceof ARecord a) {
                    latest.put(region.name(), a.getAddress());
                    long downSince = cluster.nodeDownSince(a.getAddress());
                    if (downSince >= 0) {
                        tally.deadAnswer(System.currentTimeMillis() - downSince);
                    }
                }
            }
        } catch (java.io.IOException e) {
            tally.error(cluster.isDown("geodns") ? "dns-while-geodns-down" : "dns-timeout");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
