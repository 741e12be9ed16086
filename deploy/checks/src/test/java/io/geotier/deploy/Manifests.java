package io.geotier.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** One overlay as kubectl kustomize renders it, read into the fabric8 Kubernetes model. */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class,
            "ConfigMap", ConfigMap.class,
            "Secret", Secret.class,
            "Service", Service.class,
            "StatefulSet", StatefulSet.class,
            "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "NetworkPolicy", NetworkPolicy.class);

    final String overlay;
    final List<HasMetadata> objects;

    private Manifests(String overlay, List<HasMetadata> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /** Every overlay under deploy/k8s/overlays. */
    static List<String> overlays() throws Exception {
        try (Stream<Path> dirs = Files.list(Repo.path("deploy/k8s/overlays"))) {
            return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    static Manifests render(String overlay) throws Exception {
        return parse(overlay, Repo.run("kubectl", "kustomize", "deploy/k8s/overlays/" + overlay));
    }

    /**
     * An overlay with one of deploy/k8s/components added, as an operator adds it: a kustomization
     * (in a directory of its own, outside the repository) that takes the overlay whole and the
     * component, by relative paths since kustomize refuses absolute ones.
     */
    static Manifests renderWith(String overlay, String component) throws Exception {
        Path dir = Files.createTempDirectory("kustomize-" + component);
        try {
            Files.writeString(
                    dir.resolve("kustomization.yaml"),
                    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "
                            + dir.relativize(Repo.path("deploy/k8s/overlays/" + overlay)) + "\ncomponents:\n  - "
                            + dir.relativize(Repo.path("deploy/k8s/components/" + component)) + "\n");
            return parse(
                    overlay + "+" + component, Repo.run(dir, Map.of(), null, "kubectl", "kustomize", dir.toString()));
        } finally {
            Files.deleteIfExists(dir.resolve("kustomization.yaml"));
            Files.deleteIfExists(dir);
        }
    }

    private static Manifests parse(String overlay, Repo.Ran ran) throws Exception {
        if (ran.status() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + ": " + ran.err());
        }
        List<HasMetadata> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(ran.out())) {
            while (docs.hasNext()) {
                JsonNode doc = (JsonNode) docs.next();
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                Class<? extends HasMetadata> type =
                        KINDS.getOrDefault(doc.path("kind").asText(), GenericKubernetesResource.class);
                objects.add(YAML.treeToValue(doc, type));
            }
        }
        return new Manifests(overlay, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals(kind))
                .toList();
    }

    /** A ConfigMap by the name it has before kustomize's hash suffix. */
    ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream()
                .filter(c ->
                        c.getMetadata().getName().matches(java.util.regex.Pattern.quote(name) + "(-[a-z0-9]{10})?"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no ConfigMap " + name));
    }

    /** Every workload's pod template (StatefulSets and Deployments), by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new java.util.TreeMap<>();
        all(StatefulSet.class)
                .forEach(s ->
                        templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(Deployment.class)
                .forEach(d ->
                        templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        return templates;
    }

    /** Every workload's pod spec, by workload name. */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new java.util.TreeMap<>();
        podTemplates().forEach((name, template) -> specs.put(name, template.getSpec()));
        return specs;
    }

    /** A pod's init containers, then its containers. */
    static Stream<Container> containers(PodSpec pod) {
        return Stream.concat(list(pod.getInitContainers()).stream(), list(pod.getContainers()).stream());
    }

    /** The model leaves absent lists null. */
    static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }

    static JsonNode tree(Object value) {
        return YAML.valueToTree(value);
    }

    static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }
}
