package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security checks checkov runs on Kubernetes manifests (its CKV_K8S ids named at each), run
 * here on every rendered overlay: checkov itself comes from PyPI, which this build cannot reach.
 * A check skipped for a container says why in {@link #SKIPS}.
 */
class KubernetesPolicyTest {

    /** container → checks it is exempt from, with the reason. */
    private static final Map<String, Map<String, String>> SKIPS = Map.of(
            "geoipupdate",
            Map.of(
                    "CKV_K8S_8",
                            "MaxMind's geoipupdate sidecar serves no port to probe; it exits on failure and is restarted",
                    "CKV_K8S_9", "as above"));
    /** Not run anywhere: with the reason. */
    private static final Map<String, String> NOT_RUN = Map.of(
            "CKV_K8S_15",
                    "imagePullPolicy Always: images are pinned to a version tag, so IfNotPresent pulls the same bytes",
            "CKV_K8S_43",
                    "images by digest: the tags are Geotier's own release tags, set per install with kustomize images",
            "CKV_K8S_21", "the default namespace: every object is in the geotier namespace (checked below instead)");

    private static List<Manifests> rendered;

    @BeforeAll
    static void render() throws Exception {
        rendered = new ArrayList<>();
        for (String overlay : Manifests.overlays()) {
            rendered.add(Manifests.render(overlay));
        }
    }

    @Test
    void everyPodAndContainerPassesTheChecks() {
        List<String> failed = new ArrayList<>();
        for (Manifests m : rendered) {
            m.podSpecs().forEach((workload, pod) -> {
                String w = m.overlay + "/" + workload;
                check(
                        failed,
                        w,
                        "CKV_K8S_38 service account token not mounted",
                        Boolean.FALSE.equals(pod.getAutomountServiceAccountToken()));
                check(
                        failed,
                        w,
                        "CKV_K8S_17/18/19 no host PID, IPC or network",
                        !Boolean.TRUE.equals(pod.getHostPID())
                                && !Boolean.TRUE.equals(pod.getHostIPC())
                                && !Boolean.TRUE.equals(pod.getHostNetwork()));
                check(
                        failed,
                        w,
                        "CKV_K8S_31 seccomp RuntimeDefault",
                        pod.getSecurityContext() != null
                                && pod.getSecurityContext().getSeccompProfile() != null
                                && "RuntimeDefault"
                                        .equals(pod.getSecurityContext()
                                                .getSeccompProfile()
                                                .getType()));
                Manifests.containers(pod).forEach(c -> checkContainer(failed, w + "/" + c.getName(), pod, c));
            });
        }
        assertEquals(List.of(), failed, "not run here: " + NOT_RUN);
    }

    private static void checkContainer(List<String> failed, String where, PodSpec pod, Container c) {
        SecurityContext sc = Objects.requireNonNullElse(c.getSecurityContext(), new SecurityContext());
        boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                || (pod.getSecurityContext() != null
                        && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()));
        boolean init =
                pod.getInitContainers() != null && pod.getInitContainers().contains(c);
        Map<String, String> skip = SKIPS.getOrDefault(c.getName(), Map.of());
        check(failed, where, "CKV_K8S_23 runs as non-root", nonRoot);
        check(failed, where, "CKV_K8S_16 not privileged", !Boolean.TRUE.equals(sc.getPrivileged()));
        check(
                failed,
                where,
                "CKV_K8S_20 no privilege escalation",
                Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()));
        check(
                failed,
                where,
                "CKV_K8S_22 read-only root filesystem",
                Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()));
        check(
                failed,
                where,
                "CKV_K8S_28/37 drops ALL capabilities",
                sc.getCapabilities() != null
                        && sc.getCapabilities().getDrop() != null
                        && sc.getCapabilities().getDrop().contains("ALL")
                        && Manifests.list(sc.getCapabilities().getAdd()).isEmpty());
        var resources = c.getResources();
        check(
                failed,
                where,
                "CKV_K8S_10/11/12/13 cpu and memory requests and limits",
                resources != null
                        && resources.getRequests() != null
                        && resources.getLimits() != null
                        && resources.getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                        && resources.getLimits().keySet().containsAll(Set.of("cpu", "memory")));
        String image = c.getImage();
        check(
                failed,
                where,
                "CKV_K8S_14 image has a version tag",
                image.substring(image.lastIndexOf('/') + 1).matches("[^:]+:[A-Za-z0-9._-]+")
                        && !image.endsWith(":latest"));
        if (!init && !skip.containsKey("CKV_K8S_8")) {
            check(failed, where, "CKV_K8S_8 liveness probe", c.getLivenessProbe() != null);
        }
        if (!init && !skip.containsKey("CKV_K8S_9")) {
            check(failed, where, "CKV_K8S_9 readiness probe", c.getReadinessProbe() != null);
        }
    }

    @Test
    void everyWorkloadIsBehindANetworkPolicyAndKeepsAMemberThroughADrain() {
        for (Manifests m : rendered) {
            for (var entry : m.podTemplates().entrySet()) {
                Map<String, String> labels = entry.getValue().getMetadata().getLabels();
                assertTrue(
                        m.all(NetworkPolicy.class).stream()
                                .anyMatch(p -> labels.entrySet()
                                        .containsAll(Objects.requireNonNullElse(
                                                        p.getSpec()
                                                                .getPodSelector()
                                                                .getMatchLabels(),
                                                        Map.<String, String>of())
                                                .entrySet())),
                        m.overlay + "/" + entry.getKey() + " is selected by a NetworkPolicy");
                assertTrue(
                        m.all(PodDisruptionBudget.class).stream()
                                .anyMatch(b -> labels.entrySet()
                                        .containsAll(b.getSpec()
                                                .getSelector()
                                                .getMatchLabels()
                                                .entrySet())),
                        m.overlay + "/" + entry.getKey() + " has a PodDisruptionBudget");
            }
            m.objects.stream()
                    .filter(o -> !o.getKind().equals("Namespace"))
                    .forEach(o -> assertEquals(
                            "geotier",
                            o.getMetadata().getNamespace(),
                            m.overlay + ": " + o.getKind() + " "
                                    + o.getMetadata().getName()));
        }
    }

    private static void check(List<String> failed, String where, String check, boolean passed) {
        if (!passed) {
            failed.add(where + ": " + check);
        }
    }
}
