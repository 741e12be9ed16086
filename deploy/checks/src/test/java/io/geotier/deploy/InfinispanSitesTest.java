package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Infinispan on Kubernetes has the local cluster's caches: the Operator's Cache resources and the
 * StatefulSet alternative's server configuration define each shared cache as the harness does,
 * backed up to every other site; the site names and bridge addresses agree with sites.tsv; and
 * the files deploy/k8s/render writes are current.
 */
class InfinispanSitesTest {

    @Test
    void theGeneratedFilesAreCurrent() throws Exception {
        Repo.Ran check =
                Repo.run(Repo.ROOT, Map.of("TF_CLI_CONFIG_FILE", "/dev/null"), null, "deploy/k8s/render", "--check");
        assertEquals(0, check.status(), check.out() + check.err());
    }

    @Test
    void theOperatorsCachesAreTheLocalClustersBackedUpToEveryOtherSite() throws Exception {
        Map<String, String> local = InfinispanCaches.local();
        Map<String, String> bridges = Sites.bridges();
        for (String overlay : Manifests.overlays()) {
            Manifests m = Manifests.render(overlay);
            if (m.custom("Infinispan").isEmpty()) {
                continue; // the StatefulSet alternative, below
            }
            JsonNode sites = Manifests.tree(m.custom("Infinispan")
                            .get(0)
                            .getAdditionalProperties()
                            .get("spec"))
                    .at("/service/sites");
            String site = sites.at("/local/name").asText();
            assertEquals(overlay, site, "the overlay's site is named after its region");
            Map<String, String> locations = new TreeMap<>();
            sites.get("locations")
                    .forEach(l ->
                            locations.put(l.get("name").asText(), l.get("url").asText()));
            Map<String, String> expected = new TreeMap<>();
            bridges.forEach((s, address) -> {
                if (!s.equals(site)) {
                    expected.put(s, "infinispan+xsite://" + address + ":7900");
                }
            });
            assertEquals(expected, locations, overlay + ": every other site, at its bridge");
            Map<String, String> caches = new TreeMap<>();
            for (GenericKubernetesResource cache : m.custom("Cache")) {
                String xml = Manifests.tree(cache.getAdditionalProperties().get("spec"))
                        .get("template")
                        .asText();
                String name = cache.getMetadata().getName();
                caches.putAll(InfinispanCaches.of(xml));
                assertEquals(
                        expected.keySet(), InfinispanCaches.backups(xml, name), overlay + ": " + name + " backups");
            }
            assertEquals(local, caches, overlay + ": the Cache resources define the local cluster's caches");
        }
    }

    @Test
    void theStatefulSetAlternativeRunsTheSameConfiguration() throws Exception {
        Manifests m = Manifests.render("eu-west-statefulset");
        assertEquals(0, m.custom("Infinispan").size() + m.custom("Cache").size(), "no Operator resource left");
        String xml = m.configMap("geotier-infinispan-server").getData().get("infinispan.xml");
        assertEquals(InfinispanCaches.local(), InfinispanCaches.of(xml));
        Set<String> others = new TreeSet<>(Sites.bridges().keySet());
        others.remove("eu-west");
        for (String cache : InfinispanCaches.local().keySet()) {
            assertEquals(others, InfinispanCaches.backups(xml, cache), cache);
        }
        var relay = InfinispanCaches.parse(xml).getElementsByTagNameNS("*", "relay.RELAY2");
        assertEquals("eu-west", ((org.w3c.dom.Element) relay.item(0)).getAttribute("site"));
        assertTrue(
                xml.contains("${env.INFINISPAN_BRIDGE_KEYSTORE_PASSWORD}"),
                "the key store password is read from the environment");
        var sts = m.one(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "geotier-infinispan");
        assertTrue(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("INFINISPAN_BRIDGE_KEYSTORE_PASSWORD")
                        && e.getValueFrom().getSecretKeyRef() != null));
    }
}
