package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every overlay of deploy/k8s as kubectl kustomize renders it, read into the fabric8 model, held
 * against the applications' own configuration: ports, probe paths, settings, mount paths, Secret
 * references. (Nothing here reaches a Kubernetes API server: kustomize renders offline.)
 */
class KubernetesManifestsTest {

    private static final Set<String> HEALTH = Set.of("/q/health/ready", "/q/health/live", "/q/health/started");
    /** Set for the container's launcher (run-java.sh) or for the pod itself, not for the application. */
    private static final Set<String> NOT_APPLICATION = Set.of("POD_NAME", "POD_IP", "JAVA_OPTS_APPEND");

    private static AppConfig node;
    private static AppConfig geodns;
    private static List<Manifests> rendered;

    @BeforeAll
    static void render() throws Exception {
        node = AppConfig.node();
        geodns = AppConfig.geodns();
        rendered = new ArrayList<>();
        for (String overlay : Manifests.overlays()) {
            rendered.add(Manifests.render(overlay));
        }
        assertTrue(rendered.size() >= 3, "three example regions at least: " + Manifests.overlays());
    }

    @Test
    void secretsAreReferencedNeverWrittenAndEachIsDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(geotier-[a-z0-9-<>]+)`").matcher(Repo.read("deploy/k8s/README.md"));
        while (row.find()) {
            documented.add(row.group(1).replace("<site>", "[a-z-]+"));
        }
        assertFalse(documented.isEmpty(), "deploy/k8s/README.md has a table of Secrets");
        for (Manifests m : rendered) {
            assertEquals(List.of(), m.all(Secret.class), m.overlay + ": no Secret is written in the manifests");
            for (String secret : referencedSecrets(m)) {
                assertTrue(
                        documented.stream().anyMatch(secret::matches),
                        m.overlay + ": Secret " + secret + " is documented");
            }
            m.podSpecs()
                    .forEach((workload, pod) -> Manifests.containers(pod).forEach(c -> {
                        for (EnvVar env : Manifests.list(c.getEnv())) {
                            boolean secretish = env.getName().matches(".*(TOKEN|PASSWORD|LICENSE_KEY)$");
                            assertFalse(
                                    secretish && env.getValue() != null,
                                    m.overlay + "/" + workload + ": " + env.getName() + " is a literal");
                        }
                    }));
        }
    }

    @Test
    void theNodeStatefulSetMatchesTheNodesConfiguration() {
        for (Manifests m : rendered) {
            StatefulSet sts = m.one(StatefulSet.class, "geotier-node");
            PodSpec pod = sts.getSpec().getTemplate().getSpec();
            Container c = container(pod, "node");
            String where = m.overlay + "/geotier-node";
            assertEquals(
                    Integer.parseInt(node.property("quarkus.http.port", "8080")),
                    port(c, "http").getContainerPort(),
                    where);
            assertEquals(
                    Integer.parseInt(node.property("quarkus.http.ssl-port", "8443")),
                    port(c, "https").getContainerPort(),
                    where);
            checkProbes(c, where);
            checkSettings(node, c, m, where);
            String store = env(c, "GEOTIER_STORE_DIR");
            String claim =
                    sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
            assertEquals(store, mountPath(c, claim), where + ": the store is on the persistent volume");
            assertTrue(
                    env(c, "GEOTIER_TLS_CERT").startsWith(mountPath(c, secretVolume(pod, "geotier-node-tls")) + "/"),
                    where);
            assertTrue(
                    env(c, "GEOTIER_TLS_KEY").startsWith(mountPath(c, secretVolume(pod, "geotier-node-tls")) + "/"),
                    where);
            checkPublicAddresses(m, sts, c, where);
            String[] infinispan = env(c, "QUARKUS_INFINISPAN_CLIENT_HOSTS").split(":");
            assertEquals("11222", infinispan[1], where);
            assertTrue(
                    m.find(Service.class, infinispan[0]).isPresent()
                            || m.custom("Infinispan").stream()
                                    .anyMatch(i -> i.getMetadata().getName().equals(infinispan[0])),
                    where + ": " + infinispan[0]
                            + " is a Service or the Infinispan resource the Operator makes one for");
        }
    }

    /** Each pod reads its public address from a file of the pods ConfigMap; its Service has that address. */
    private static void checkPublicAddresses(Manifests m, StatefulSet sts, Container c, String where) {
        String locations = env(c, "QUARKUS_CONFIG_LOCATIONS");
        assertEquals(mountPath(c, "pods") + "/$(POD_NAME).properties", locations, where);
        ConfigMap pods =
                m.configMap(configMapOfVolume(sts.getSpec().getTemplate().getSpec(), "pods"));
        for (int i = 0; i < sts.getSpec().getReplicas(); i++) {
            String podName = sts.getMetadata().getName() + "-" + i;
            String file = pods.getData().get(podName + ".properties");
            assertTrue(file != null, where + ": " + podName + " has its properties file");
            Properties p = new Properties();
            try {
                p.load(new StringReader(file));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            for (String key : p.stringPropertyNames()) {
                assertTrue(node.mapsProperty(key), where + ": " + key + " is a node setting");
            }
            Service service = m.one(Service.class, podName);
            assertEquals("LoadBalancer", service.getSpec().getType(), where);
            assertEquals("Local", service.getSpec().getExternalTrafficPolicy(), where + ": users' addresses kept");
            assertEquals(podName, service.getSpec().getSelector().get("statefulset.kubernetes.io/pod-name"), where);
            String[] address = p.getProperty("geotier.public-address").split(":");
            assertEquals(
                    address[0],
                    service.getSpec().getLoadBalancerIP(),
                    where + ": " + podName + "'s Service has its address");
            ServicePort http = service.getSpec().getPorts().stream()
                    .filter(sp -> sp.getPort() == Integer.parseInt(address[1]))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no port " + address[1]));
            assertEquals("http", http.getTargetPort().getStrVal(), where);
        }
    }

    @Test
    void geodnsMatchesItsConfiguration() {
        for (Manifests m : rendered) {
            Deployment deployment = m.one(Deployment.class, "geodns");
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container c = container(pod, "geodns");
            String where = m.overlay + "/geodns";
            checkSettings(geodns, c, m, where);
            checkProbes(c, where);
            int dns = Integer.parseInt(env(c, "GEODNS_DNS_PORT"));
            assertEquals(dns, port(c, "dns-udp").getContainerPort(), where);
            assertEquals("UDP", port(c, "dns-udp").getProtocol(), where);
            assertEquals(dns, port(c, "dns-tcp").getContainerPort(), where);
            assertEquals(
                    Integer.parseInt(env(c, "QUARKUS_HTTP_PORT")),
                    port(c, "admin").getContainerPort(),
                    where);
            assertEquals("0.0.0.0", env(c, "GEODNS_DNS_HOST"), where);
            Service service = m.one(Service.class, "geodns");
            assertEquals("LoadBalancer", service.getSpec().getType(), where);
            assertEquals("Local", service.getSpec().getExternalTrafficPolicy(), where + ": resolvers' addresses kept");
            Map<String, String> byProtocol = new java.util.TreeMap<>();
            for (ServicePort p : service.getSpec().getPorts()) {
                assertEquals(53, p.getPort(), where);
                byProtocol.put(p.getProtocol(), p.getTargetPort().getStrVal());
            }
            assertEquals(Map.of("TCP", "dns-tcp", "UDP", "dns-udp"), byProtocol, where);
            assertTrue(env(c, "GEODNS_STEERING_GEOIP_DATABASE").startsWith(mountPath(c, "geoip") + "/"), where);
            assertTrue(env(c, "GEODNS_REGISTRY_LAST_VIEW").startsWith(mountPath(c, "state") + "/"), where);
            String zoneFile = env(c, "GEODNS_ZONE_FILE");
            assertEquals(mountPath(c, "zone"), zoneFile.substring(0, zoneFile.lastIndexOf('/')), where);
            ConfigMap zone = m.configMap(configMapOfVolume(pod, "zone"));
            String text = zone.getData().get(zoneFile.substring(zoneFile.lastIndexOf('/') + 1));
            assertTrue(text != null && text.contains(" SOA "), where + ": the zone file is in the ConfigMap");
            assertTrue(
                    Manifests.containers(pod).anyMatch(s -> s.getName().equals("geoipupdate")),
                    where + ": GeoIP kept fresh");
        }
    }

    @Test
    void theDnssecComponentGivesGeodnsTheKeyFromItsSecretReadOnly() throws Exception {
        for (Manifests plain : rendered) {
            if (plain.find(Deployment.class, "geodns").isEmpty()) {
                continue;
            }
            Manifests m = Manifests.renderWith(plain.overlay, "dnssec");
            Deployment deployment = m.one(Deployment.class, "geodns");
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container c = container(pod, "geodns");
            String where = m.overlay + "/geodns";
            checkSettings(geodns, c, m, where);
            String volume = secretVolume(pod, "geotier-dnssec");
            VolumeMount mount = Manifests.list(c.getVolumeMounts()).stream()
                    .filter(v -> v.getName().equals(volume))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(where + " does not mount " + volume));
            String keyFile = env(c, "GEODNS_DNSSEC_KEY_FILE");
            assertTrue(keyFile.startsWith(mount.getMountPath() + "/"), where + ": the key file is in the Secret");
            assertEquals(Boolean.TRUE, mount.getReadOnly(), where + ": the key is mounted read-only");
            Volume secret = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(volume))
                    .findFirst()
                    .orElseThrow();
            assertEquals(0400, secret.getSecret().getDefaultMode(), where + ": the key is owner-readable only");
            assertTrue(
                    Repo.read("deploy/k8s/README.md")
                            .contains(
                                    "| `geotier-dnssec` | `" + keyFile.substring(keyFile.lastIndexOf('/') + 1) + "` |"),
                    where + ": the Secret's key is the one deploy/k8s/README.md names");
            PodSpec without = plain.one(Deployment.class, "geodns")
                    .getSpec()
                    .getTemplate()
                    .getSpec();
            assertEquals(
                    Manifests.list(without.getVolumes()).size() + 1,
                    pod.getVolumes().size(),
                    where + ": the component adds the key's volume and nothing else");
        }
    }

    /** Every setting is one the application reads; every ConfigMap key it names exists. */
    private static void checkSettings(AppConfig app, Container c, Manifests m, String where) {
        for (EnvVar env : Manifests.list(c.getEnv())) {
            if (!NOT_APPLICATION.contains(env.getName())) {
                AppConfig.requireMapped(app, env.getName(), where);
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                assertTrue(
                        m.all(ConfigMap.class).stream()
                                .anyMatch(cm -> cm.getMetadata().getName().equals(ref.getName())
                                        && cm.getData().containsKey(ref.getKey())),
                        where + ": ConfigMap " + ref.getName() + " has " + ref.getKey());
            }
        }
    }

    private static void checkProbes(Container c, String where) {
        for (Probe probe : java.util.Arrays.asList(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
            if (probe == null) {
                continue;
            }
            assertTrue(
                    HEALTH.contains(probe.getHttpGet().getPath()),
                    where + ": " + probe.getHttpGet().getPath());
            port(c, probe.getHttpGet().getPort().getStrVal());
        }
        assertTrue(c.getReadinessProbe() != null && c.getLivenessProbe() != null, where + ": readiness and liveness");
    }

    @Test
    void prometheusFindsThePortsAndTheRulesAreDeployMonitorings() throws Exception {
        var rules = Manifests.yaml(Repo.read("deploy/monitoring/rules/geotier.rules.yml"));
        for (Manifests m : rendered) {
            GenericKubernetesResource rule = m.custom("PrometheusRule").get(0);
            assertEquals(
                    rules.get("groups"),
                    Manifests.tree(rule.getAdditionalProperties().get("spec")).get("groups"),
                    m.overlay + ": the PrometheusRule is deploy/monitoring's rules (deploy/k8s/render)");
            for (GenericKubernetesResource monitor : m.custom("PodMonitor")) {
                var spec = Manifests.tree(monitor.getAdditionalProperties().get("spec"));
                String app =
                        spec.at("/selector/matchLabels/app.kubernetes.io~1name").asText();
                String portName = spec.at("/podMetricsEndpoints/0/port").asText();
                assertEquals(
                        "/q/metrics", spec.at("/podMetricsEndpoints/0/path").asText());
                PodSpec pod = m.podSpecs().get(app);
                assertTrue(
                        pod != null && pod.getContainers().stream().anyMatch(c -> hasPort(c, portName)),
                        m.overlay + ": " + app + " has port " + portName);
            }
        }
    }

    static Set<String> referencedSecrets(Manifests m) {
        Set<String> names = new TreeSet<>();
        m.podSpecs().values().forEach(pod -> {
            Manifests.containers(pod)
                    .forEach(c -> Manifests.list(c.getEnv()).stream()
                            .filter(e ->
                                    e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e ->
                                    names.add(e.getValueFrom().getSecretKeyRef().getName())));
            Manifests.list(pod.getVolumes()).stream()
                    .filter(v -> v.getSecret() != null)
                    .forEach(v -> names.add(v.getSecret().getSecretName()));
        });
        return names;
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static boolean hasPort(Container c, String name) {
        return Manifests.list(c.getPorts()).stream().anyMatch(p -> name.equals(p.getName()));
    }

    private static ContainerPort port(Container c, String name) {
        return Manifests.list(c.getPorts()).stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    private static String env(Container c, String name) {
        return Manifests.list(c.getEnv()).stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no literal " + name));
    }

    private static String mountPath(Container c, String volume) {
        return Manifests.list(c.getVolumeMounts()).stream()
                .filter(v -> v.getName().equals(volume))
                .map(v -> v.getMountPath())
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    private static String secretVolume(PodSpec pod, String secret) {
        return pod.getVolumes().stream()
                .filter(v ->
                        v.getSecret() != null && v.getSecret().getSecretName().equals(secret))
                .map(Volume::getName)
                .findFirst()
                .orElseThrow();
    }

    private static String configMapOfVolume(PodSpec pod, String volume) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(volume) && v.getConfigMap() != null)
                .map(v -> v.getConfigMap().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap volume " + volume));
    }
}
