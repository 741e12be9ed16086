package io.geotier.geodns.registry;

import io.geotier.geodns.health.HealthProber;
import io.geotier.geodns.health.NodeState;
import io.geotier.geodns.steer.LoadShedding;
import io.geotier.geodns.steer.Node;
import io.geotier.geodns.steer.Steering;
import io.geotier.registry.NodeEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The nodes geodns answers with: those configured here, and those the registry holds (a
 * configured node wins a name both have). Each registry change is handed to the prober (which
 * starts probing a newcomer at once) and to steering (which ranks regions over the new set); the
 * registry's drains, and a node's own "drained" admin state, are applied to the prober; the
 * regions' load (egress over capacity, as the nodes report it) to load shedding.
 */
public final class NodeDirectory {

    private static final Logger LOG = Logger.getLogger(NodeDirectory.class);

    private final List<Node> configured;
    private final HealthProber prober;
    private final Steering steering;
    private final LoadShedding shedding;
    private final String healthPath;
    private final boolean probeHttps;
    private List<Node> current;

    public NodeDirectory(
            List<Node> configured,
            HealthProber prober,
            Steering steering,
            LoadShedding shedding,
            String healthPath,
            boolean probeHttps) {
        this.shedding = shedding;
        this.configured = List.copyOf(configured);
        this.prober = prober;
        this.steering = steering;
        this.healthPath = healthPath;
        this.probeHttps = probeHttps;
        this.current = this.configured;
    }

    /** Applies what the registry holds now. */
    public synchronized void apply(RegistryFollower.View view) {
        Map<String, Node> byName = new LinkedHashMap<>();
        view.entries()
                .values()
                .forEach(e -> RegisteredNode.of(e, healthPath, probeHttps).ifPresent(n -> byName.put(n.name(), n)));
        configured.forEach(n -> byName.put(n.name(), n));
        List<Node> nodes = new ArrayList<>(byName.values());
        nodes.sort((a, b) -> a.name().compareTo(b.name()));
        if (!nodes.equals(current)) {
            prober.track(nodes);
            steering.replaceNodes(nodes);
            LOG.infof("steering over %d nodes (%d from the registry)", nodes.size(), nodes.size() - configured.size());
            current = nodes;
        }
        applyDrains(view);
        shedding.update(loads(view));
    }

    /** Each region's egress over its capacity, summed over the nodes the registry holds. */
    static Map<String, Double> loads(RegistryFollower.View view) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (NodeEntry e : view.entries().values()) {
            if (e.region() != null && e.capacityBps() > 0) {
                long[] sum = sums.computeIfAbsent(e.region(), r -> new long[2]);
                sum[0] += Math.max(0, e.egressBps());
                sum[1] += e.capacityBps();
            }
        }
        Map<String, Double> loads = new LinkedHashMap<>();
        sums.forEach((region, sum) -> loads.put(region, (double) sum[0] / sum[1]));
        return loads;
    }

    private void applyDrains(RegistryFollower.View view) {
        Set<String> drained = view.drained();
        for (NodeState state : prober.states()) {
            String name = state.node().name();
            NodeEntry entry = view.entries().get(name);
            boolean shouldBe = drained.contains(name) || (entry != null && "drained".equals(entry.adminState()));
            if (state.drained() != shouldBe) {
                prober.drain(name, shouldBe);
            }
        }
    }
}
