package io.geotier.node.status;

import io.geotier.node.api.DeliveryMetrics;
import io.geotier.node.cluster.NodeIdentity;
import io.geotier.node.fetch.CacheStatus;
import io.geotier.node.fetch.Filler;
import io.geotier.node.store.EvictionLog;
import io.geotier.node.store.ObjectStore;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Singleton;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The numbers the status page shows, read at once from the parts that own them. */
@Singleton
public class NodeStatus {

    /** One health check's name and state. */
    public record Check(String name, String status) {}

    /** What the page renders. */
    public record View(
            String region,
            String node,
            boolean healthy,
            List<Check> checks,
            long storedBytes,
            long budgetBytes,
            long objects,
            double hitRatio,
            long requests,
            long servedBytes,
            int fillsInFlight,
            long evictions,
            List<EvictionLog.Entry> recentEvictions) {

        public int storePercent() {
            return budgetBytes == 0 ? 0 : (int) Math.min(100, storedBytes * 100 / budgetBytes);
        }

        /** Bytes as people read them (1.5 GiB); an instance method, which the template can call. */
        public String human(long bytes) {
            return readable(bytes);
        }

        static String readable(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
            double value = bytes;
            int unit = -1;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
        }

        public String hitPercent() {
            return String.format(java.util.Locale.ROOT, "%.1f", hitRatio * 100);
        }
    }

    private final NodeIdentity identity;
    private final ObjectStore store;
    private final Filler filler;
    private final DeliveryMetrics delivery;
    private final SmallRyeHealthReporter health;

    public NodeStatus(
            NodeIdentity identity,
            ObjectStore store,
            Filler filler,
            DeliveryMetrics delivery,
            SmallRyeHealthReporter health) {
        this.identity = identity;
        this.store = store;
        this.filler = filler;
        this.delivery = delivery;
        this.health = health;
    }

    /** Reads health checks, which may block: call off the event loop. */
    public View read() {
        SmallRyeHealth report = health.getHealth();
        List<Check> checks = new ArrayList<>();
        JsonObject payload = report.getPayload();
        payload.getJsonArray("checks").forEach(c -> {
            JsonObject check = c.asJsonObject();
            checks.add(new Check(check.getString("name"), check.getString("status")));
        });
        long total = 0;
        for (CacheStatus status : CacheStatus.values()) {
            total += delivery.requests(status);
        }
        long hits = delivery.requests(CacheStatus.HIT);
        return new View(
                identity.region(),
                identity.name(),
                !report.isDown(),
                checks,
                store.sizeBytes(),
                store.budgetBytes(),
                store.objectCount(),
                total == 0 ? 0 : (double) hits / total,
                total,
                delivery.sentBytes(),
                filler.fillsInFlight(),
                store.evictions(),
                store.recentEvictions());
    }
}
