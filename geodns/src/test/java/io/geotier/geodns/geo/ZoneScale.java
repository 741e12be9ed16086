package io.geotier.geodns.geo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Coverage zones as an operator lists more networks: for each count, writes a zone file of that
 * many random IPv4 and IPv6 networks (/12 to /32, /32 to /64), then measures loading it, the heap
 * it holds, and lookups per second for random clients, against the scan of every network that
 * the lookup used to be (timed on a sample). Prints a Markdown table row per count.
 *
 * <p>usage: ZoneScale WORK_DIR N [N ...]   (bench/scale/run passes 1000 100000 1000000)
 */
public final class ZoneScale {

    /** Matches counted, so the JIT cannot drop the timed lookups as unused. */
    static long found;

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        System.out.println("| networks | file MB | load s | heap per network B | lookups/s | lookups/s scanning"
                + " every network (before) |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 1; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            Path file = work.resolve("coverage-" + n + ".txt");
            write(file, n, new Random(n));
            long heap0 = usedHeap();
            long t0 = System.nanoTime();
            CoverageZones zones = CoverageZones.load(file);
            double load = (System.nanoTime() - t0) / 1e9;
            long heap = usedHeap() - heap0;
            InetAddress[] clients = clients(200_000, new Random(1));
            double rate = rate(zones, clients);
            double scan = scanRate(file, clients);
            System.out.printf(
                    "| %,d | %.1f | %.2f | %d | %,.0f | %,.0f |%n",
                    zones.size(), Files.size(file) / 1e6, load, heap / zones.size(), rate, scan);
            Files.delete(file);
        }
    }

    private static void write(Path file, int n, Random random) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < n; i++) {
                byte[] address = new byte[i % 4 == 3 ? 16 : 4];
                random.nextBytes(address);
                int prefix = address.length == 4 ? 12 + random.nextInt(21) : 32 + random.nextInt(33);
                out.write(new Cidr(InetAddress.getByAddress(address), prefix) + " region-" + (i % 50) + "\n");
            }
        }
    }

    private static InetAddress[] clients(int n, Random random) throws IOException {
        InetAddress[] clients = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            byte[] address = new byte[i % 4 == 3 ? 16 : 4];
            random.nextBytes(address);
            clients[i] = InetAddress.getByAddress(address);
        }
        return clients;
    }

    /** Lookups per second, timed after one untimed pass over the clients that compiles the lookup. */
    private static double rate(CoverageZones zones, InetAddress[] clients) {
        lookUpAll(zones, clients);
        long t0 = System.nanoTime();
        lookUpAll(zones, clients);
        return clients.length / ((System.nanoTime() - t0) / 1e9);
    }

    private static void lookUpAll(CoverageZones zones, InetAddress[] clients) {
        for (InetAddress client : clients) {
            found += zones.lookup(client).isPresent() ? 1 : 0;
        }
    }

    /** The lookup before: every network, longest prefix first, until one contains the client. */
    private static double scanRate(Path file, InetAddress[] clients) throws IOException {
        List<Cidr> sorted = Files.readAllLines(file).stream()
                .map(l -> Cidr.parse(l.split(" ")[0]))
                .sorted((a, b) -> Integer.compare(b.prefix(), a.prefix()))
                .toList();
        int sample = Math.max(50, Math.min(clients.length, 50_000_000 / sorted.size()));
        long t0 = System.nanoTime();
        for (int i = 0; i < sample; i++) {
            for (Cidr cidr : sorted) {
                if (cidr.contains(clients[i])) {
                    found++;
                    break;
                }
            }
        }
        return sample / ((System.nanoTime() - t0) / 1e9);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
