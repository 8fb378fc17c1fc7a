package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.sandbox.KubeReads;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.YamlFields;

/**
 * The objects a check looks at, as written under {@code resource:}: a kind and either a name or a
 * label selector, in the exercise's namespace unless another one is named.
 *
 * <pre>
 * resource: {apiVersion: apps/v1, kind: Deployment, name: web}
 * resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
 * </pre>
 */
public record ResourceRef(String apiVersion, String kind, Optional<String> name, Map<String, String> selector,
                          Optional<String> namespace) {

    public static final Set<String> KEYS = Set.of("apiVersion", "kind", "name", "selector", "namespace");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "IngressClass", "PriorityClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CSIDriver", "RuntimeClass");

    /** Reads {@code resource:} of a check, reporting mistakes at their lines. */
    public static Optional<ResourceRef> read(CheckSpec spec, Problems problems, boolean nameRequired) {
        JsonNode node = spec.get("resource");
        if (node.isMissingNode() || node.isNull()) {
            problems.error(spec.location(), "the check needs 'resource:' (apiVersion, kind and name or selector)",
                    "add 'resource: {apiVersion: apps/v1, kind: Deployment, name: web}'");
            return Optional.empty();
        }
        YamlFields fields = new YamlFields(spec.source(), spec.pointer() + "/resource", problems, "resource");
        if (!fields.requireObject()) {
            return Optional.empty();
        }
        fields.allowOnly(KEYS);
        Optional<String> apiVersion = fields.string("apiVersion", true);
        Optional<String> kind = fields.string("kind", true);
        Optional<String> name = fields.string("name", false);
        Optional<String> namespace = fields.string("namespace", false);
        Map<String, String> selector = new LinkedHashMap<>();
        JsonNode sel = node.get("selector");
        if (sel != null && !sel.isNull()) {
            if (sel.isTextual()) {
                for (String part : sel.asText().split(",")) {
                    String[] kv = part.trim().split("=", 2);
                    if (kv.length != 2 || kv[0].isBlank()) {
                        problems.error(spec.locate("resource/selector"), "selector '" + sel.asText() + "' must look like app=web,tier=front");
                        return Optional.empty();
                    }
                    selector.put(kv[0].trim(), kv[1].trim());
                }
            } else if (sel.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = sel.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode()) {
                        problems.error(spec.locate("resource/selector/" + e.getKey()), "label values must be text");
                        return Optional.empty();
                    }
                    selector.put(e.getKey(), e.getValue().asText());
                }
            } else {
                problems.error(spec.locate("resource/selector"), "selector must be a mapping of labels (app: web) or text (app=web)");
                return Optional.empty();
            }
        }
        if (name.isPresent() && !selector.isEmpty()) {
            problems.error(spec.locate("resource"), "give either 'name' or 'selector', not both");
            return Optional.empty();
        }
        if (nameRequired && name.isEmpty()) {
            problems.error(spec.locate("resource"), "this check needs 'resource.name'");
            return Optional.empty();
        }
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRef(apiVersion.get(), kind.get(), name, Map.copyOf(selector), namespace));
    }

    /** {@code Deployment web not found in namespace shop}, {@code no Pod with app=web in namespace shop}. */
    public String notFoundMessage(String namespace) {
        if (name().isPresent()) {
            return clusterScoped()
                    ? kind() + " " + name().get() + " not found"
                    : kind() + " " + name().get() + " not found in namespace " + namespaceIn(namespace);
        }
        return "no " + kind() + (selector().isEmpty() ? "" : " with " + selectorText())
                + (clusterScoped() ? "" : " in namespace " + namespaceIn(namespace));
    }

    public boolean clusterScoped() {
        return CLUSTER_SCOPED.contains(kind);
    }

    public String namespaceIn(String exerciseNamespace) {
        return namespace.orElse(exerciseNamespace);
    }

    /** {@code Deployment web/my-app}, {@code Pods in web with app=web}. */
    public String describe(String exerciseNamespace) {
        String ns = namespaceIn(exerciseNamespace);
        if (name.isPresent()) {
            return clusterScoped() ? kind + " " + name.get() : kind + " " + ns + "/" + name.get();
        }
        String labels = selector.isEmpty() ? "" : " with " + selectorText();
        return kind + " objects" + (clusterScoped() ? "" : " in " + ns) + labels;
    }

    public String selectorText() {
        StringBuilder text = new StringBuilder();
        selector.forEach((k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return text.toString();
    }

    /** The selected objects as JSON trees (empty list when none). */
    public List<JsonNode> fetch(KubernetesClient client, String exerciseNamespace) throws CheckUnavailableException {
        return fetch(KubeReads.of(client), exerciseNamespace);
    }

    /** The selected objects as JSON trees (empty list when none), through the access's reads. */
    public List<JsonNode> fetch(KubeReads reads, String exerciseNamespace) throws CheckUnavailableException {
        // a pack's checks read only the exercise's namespace, and cluster-scoped objects only by name (ADR 0009)
        Optional<String> foreign = clusterScoped() ? Optional.empty()
                : orchlab.engine.exercise.PackReach.foreignNamespace("this check", namespace.orElse(null), exerciseNamespace);
        if (foreign.isPresent()) {
            throw new CheckUnavailableException(foreign.get() + ": checks read only the exercise's namespace");
        }
        if (clusterScoped() && name.isEmpty()) {
            throw new CheckUnavailableException("this check lists every " + kind + "; checks read cluster-scoped objects by name only");
        }
        String ns = clusterScoped() ? null : namespaceIn(exerciseNamespace);
        try {
            if (name.isPresent()) {
                return reads.get(apiVersion, kind, ns, name.get()).map(List::of).orElse(List.of());
            }
            return reads.list(apiVersion, kind, ns, selector);
        } catch (KubeReads.ReadFailed e) {
            throw new CheckUnavailableException(e.getMessage());
        }
    }

    /**
     * The last events of the objects a failing check looked at (and the Pods they own); for a missing object or an
     * empty selection, the events of the namespace's Pods that are not running.
     */
    public List<String> evidence(orchlab.engine.check.CheckContext context, orchlab.engine.check.Outcome failed) {
        var kube = context.kubernetes();
        if (kube.isEmpty()) {
            return List.of();
        }
        boolean statusDependent = failed.notFound() || failed.failures().isEmpty()
                || !failed.failures().stream().allMatch(Settling::desired);
        if (!statusDependent) {
            return List.of(); // the fields say everything; events would be noise
        }
        String ns = clusterScoped() ? context.namespace() : namespaceIn(context.namespace());
        Set<String> names = new java.util.LinkedHashSet<>();
        name.ifPresent(n -> {
            if (!failed.notFound()) {
                names.add(n);
            }
        });
        if (name.isEmpty()) {
            try {
                fetch(kube.get().reads(), context.namespace()).forEach(o -> names.add(Selection.nameOf(o)));
            } catch (CheckUnavailableException e) {
                return List.of();
            }
        }
        return Evidence.events(kube.get().reads(), ns, names);
    }
}
