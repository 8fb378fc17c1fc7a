package orchlab.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.check.toolkit.KubeErrors;

/**
 * The reads a check makes of a cluster: objects by API version, kind, namespace and name or labels, as JSON trees.
 * Served by fabric8's client ({@link #of(KubernetesClient)}), or, for a plain kubeconfig (server, CA, token), by the
 * JDK's HttpClient alone ({@code orchlab.engine.sandbox.kube.PlainKubeReads}) so that a short-lived {@code lab check}
 * does not build fabric8's whole client and model.
 */
public interface KubeReads {

    /**
     * One object; empty when the server answers 404 (no such object, or the kind is not served).
     *
     * @param namespace the namespace, or {@code null} for a cluster-scoped object
     */
    Optional<JsonNode> get(String apiVersion, String kind, String namespace, String name) throws ReadFailed;

    /**
     * Every object of a kind in a namespace ({@code null}: cluster-scoped), with all of {@code labels}; empty when the
     * kind is not served.
     */
    List<JsonNode> list(String apiVersion, String kind, String namespace, Map<String, String> labels) throws ReadFailed;

    /** A read the cluster did not answer, or refused (not a 404), described in one sentence naming the server. */
    final class ReadFailed extends Exception {
        private final int code;

        public ReadFailed(int code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        /** The HTTP status, or 0 when there was no answer. */
        public int code() {
            return code;
        }
    }

    /** The reads through a fabric8 client (its discovery, transport and credentials). */
    static KubeReads of(KubernetesClient client) {
        return new KubeReads() {
            @Override
            public Optional<JsonNode> get(String apiVersion, String kind, String namespace, String name) throws ReadFailed {
                try {
                    var op = client.genericKubernetesResources(apiVersion, kind);
                    GenericKubernetesResource object = namespace == null ? op.withName(name).get()
                            : op.inNamespace(namespace).withName(name).get();
                    return object == null ? Optional.empty()
                            : Optional.of(client.getKubernetesSerialization().convertValue(object, JsonNode.class));
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404) {
                        return Optional.empty();
                    }
                    throw new ReadFailed(e.getCode(), KubeErrors.describe(e, client), e);
                }
            }

            @Override
            public List<JsonNode> list(String apiVersion, String kind, String namespace, Map<String, String> labels)
                    throws ReadFailed {
                try {
                    var op = client.genericKubernetesResources(apiVersion, kind);
                    var scoped = namespace == null ? op : op.inNamespace(namespace);
                    List<GenericKubernetesResource> items = labels.isEmpty() ? scoped.list().getItems()
                            : scoped.withLabels(labels).list().getItems();
                    List<JsonNode> out = new ArrayList<>();
                    for (GenericKubernetesResource item : items) {
                        out.add(client.getKubernetesSerialization().convertValue(item, JsonNode.class));
                    }
                    return out;
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404) {
                        return List.of();
                    }
                    throw new ReadFailed(e.getCode(), KubeErrors.describe(e, client), e);
                }
            }
        };
    }
}
