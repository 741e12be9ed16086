package io.geotier.geodns.steer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load-aware steering, with hysteresis: a region whose egress passes {@code start} of its
 * capacity begins sending part of its clients to the next closest region, and keeps doing so
 * until its load falls below {@code stop}. While shedding, the share of clients sent on grows
 * with the load: {@code (load - stop) / (1 - stop)}, so half of them at a load halfway between
 * {@code stop} and full, all of them at full. Which queries go on is drawn per query, as nodes
 * within a region are: a resolver keeps what it got for the answer's TTL.
 *
 * <p>Shares are kept to whole percents: a change smaller than that does not count as a change,
 * so steering's cached decisions are not thrown away at every heartbeat.
 */
public final class LoadShedding {

    /** Sheds nothing: for steering without load reports. */
    public static final LoadShedding NONE = new LoadShedding(Double.MAX_VALUE, 1);

    private final double start;
    private final double stop;
    /** Percent of clients shed, by region; absent when the region is not shedding. */
    private final Map<String, Integer> shedding = new ConcurrentHashMap<>();

    private final AtomicLong version = new AtomicLong();

    public LoadShedding(double start, double stop) {
        if (!(stop > 0 && stop < start)) {
            throw new IllegalArgumentException(
                    "load shedding needs 0 < stop < start (stop " + stop + ", start " + start + ")");
        }
        this.start = start;
        this.stop = stop;
    }

    /** Each region's egress as a share of its capacity (1.0 = full); regions not listed shed nothing. */
    public synchronized void update(Map<String, Double> loads) {
        boolean changed = shedding.keySet().removeIf(region -> !loads.containsKey(region));
        for (Map.Entry<String, Double> e : loads.entrySet()) {
            double load = e.getValue();
            Integer before = shedding.get(e.getKey());
            boolean shed = before != null ? load >= stop : load >= start;
            Integer after =
                    shed ? (int) Math.round(100 * Math.min(1, Math.max(0.01, (load - stop) / (1 - stop)))) : null;
            if (!java.util.Objects.equals(before, after)) {
                changed = true;
                if (after == null) {
                    shedding.remove(e.getKey());
                } else {
                    shedding.put(e.getKey(), after);
                }
            }
        }
        if (changed) {
            version.incrementAndGet();
        }
    }

    /** Percent of the region's clients sent on, 0 when it is not shedding. */
    public int shedPercent(String region) {
        return shedding.getOrDefault(region, 0);
    }

    /** Bumped at every change of what is shed. */
    long version() {
        return version.get();
    }
}
