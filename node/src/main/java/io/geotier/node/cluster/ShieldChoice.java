package io.geotier.node.cluster;

import io.geotier.registry.NodeEntry;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which shield node a key goes to: rendezvous (highest random weight) hashing over the shield's
 * nodes, so every node of every region picks the same one for a key without asking anyone, and a
 * shield node that leaves moves only its own keys.
 */
final class ShieldChoice {

    private ShieldChoice() {}

    static Optional<NodeEntry> forKey(String key, Collection<NodeEntry> shieldNodes) {
        return shieldNodes.stream()
                .max(Comparator.comparingLong((NodeEntry n) -> weight(key, n.name()))
                        .thenComparing(NodeEntry::name));
    }

    /** A 64-bit hash of the pair (FNV-1a, then a finalizer that spreads every input bit). */
    static long weight(String key, String node) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (key + '\n' + node).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
