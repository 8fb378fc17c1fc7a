package orchlab.engine.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/** Reads what the analyzers look at: the objects of a namespace on a cluster, objects in files, or both. */
public final class MeshObjects {

    /** Kubernetes kinds the analyzers use, read from the namespace. */
    private static final List<String[]> KUBERNETES = List.of(
            new String[] {"v1", "Service"}, new String[] {"v1", "Pod"}, new String[] {"apps/v1", "Deployment"},
            new String[] {"apps/v1", "StatefulSet"}, new String[] {"apps/v1", "DaemonSet"});

    /** Istio kinds and the versions Istio serves, newest first: an object is read once, in the first version that has it. */
    private static final Map<String, List<String>> ISTIO = new LinkedHashMap<>();

    static {
        for (String kind : List.of("VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar")) {
            ISTIO.put(IstioAnalyzer.NETWORKING + "/" + kind, List.of("v1", "v1beta1"));
        }
        for (String kind : List.of("PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication")) {
            ISTIO.put(IstioAnalyzer.SECURITY + "/" + kind, List.of("v1", "v1beta1"));
        }
        ISTIO.put(IstioAnalyzer.TELEMETRY + "/Telemetry", List.of("v1", "v1alpha1"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private MeshObjects() {
    }

    /** The namespace itself and its Services, workloads and Istio objects (kinds the cluster does not serve are skipped). */
    public static List<MeshObject> fromCluster(KubernetesClient client, String namespace) {
        List<MeshObject> objects = new ArrayList<>();
        GenericKubernetesResource ns = client.genericKubernetesResources("v1", "Namespace").withName(namespace).get();
        if (ns != null) {
            objects.add(MeshObject.live(JSON.valueToTree(ns)));
        }
        for (String[] type : KUBERNETES) {
            list(client, type[0], type[1], namespace).forEach(o -> objects.add(MeshObject.live(o)));
        }
        ISTIO.forEach((groupKind, versions) -> {
            String group = groupKind.substring(0, groupKind.indexOf('/'));
            String kind = groupKind.substring(groupKind.indexOf('/') + 1);
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            for (String version : versions) {
                for (JsonNode o : list(client, group + "/" + version, kind, namespace)) {
                    byName.putIfAbsent(o.path("metadata").path("name").asText(), o);
                }
            }
            byName.values().forEach(o -> objects.add(MeshObject.live(o)));
        });
        return objects;
    }

    private static List<JsonNode> list(KubernetesClient client, String apiVersion, String kind, String namespace) {
        try {
            return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems().stream()
                    .map(r -> (JsonNode) JSON.valueToTree(r)).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        } catch (IllegalArgumentException | IllegalStateException notServed) {
            // fabric8 cannot resolve a kind the cluster does not serve
            return List.of();
        }
    }

    /**
     * Every Kubernetes object in the files (multi-document YAML); objects without a namespace get {@code namespace}.
     *
     * @throws IOException          when a file cannot be read
     * @throws YamlSyntaxException  when a file is not YAML (the exception names file:line)
     */
    public static List<MeshObject> fromFiles(List<Path> files, String namespace) throws IOException, YamlSyntaxException {
        List<MeshObject> objects = new ArrayList<>();
        for (Path file : files) {
            objects.addAll(fromText(file.toString(), Files.readString(file), namespace));
        }
        return objects;
    }

    /**
     * Every Kubernetes object in one file's text (multi-document YAML), each knowing the line of its fields;
     * objects without a namespace get {@code namespace}.
     *
     * @throws YamlSyntaxException when the text is not YAML (the exception names file:line)
     */
    public static List<MeshObject> fromText(String file, String text, String namespace) throws YamlSyntaxException {
        List<MeshObject> objects = new ArrayList<>();
        for (YamlDoc doc : YamlDoc.parseAll(file, text)) {
            if (doc.root() instanceof ObjectNode o && o.hasNonNull("kind") && o.hasNonNull("apiVersion")) {
                if (o.path("metadata").path("namespace").asText("").isEmpty() && !o.path("kind").asText().equals("Namespace")) {
                    (o.path("metadata") instanceof ObjectNode m ? m : o.putObject("metadata")).put("namespace", namespace);
                }
                objects.add(new MeshObject(o, Optional.of(doc)));
            }
        }
        return objects;
    }

    /** Cluster objects with the files' objects in place of those of the same kind, namespace and name (as {@code istioctl analyze FILES} does). */
    public static List<MeshObject> overlay(List<MeshObject> cluster, List<MeshObject> files) {
        Map<String, MeshObject> merged = new LinkedHashMap<>();
        for (MeshObject o : cluster) {
            merged.put(key(o), o);
        }
        for (MeshObject o : files) {
            merged.put(key(o), o);
        }
        return List.copyOf(merged.values());
    }

    private static String key(MeshObject o) {
        return o.group() + "/" + o.kind() + "/" + o.namespace() + "/" + o.name();
    }
}
