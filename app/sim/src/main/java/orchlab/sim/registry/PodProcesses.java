package orchlab.sim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The {@link SimulatedProcess} of a Pod's container, with the environment the kubelet would give it. */
public final class PodProcesses {

    private PodProcesses() {
    }

    /**
     * @param lookup finds a ConfigMap ({@code "ConfigMap"}) or Secret ({@code "Secret"}) of the Pod's namespace by name
     */
    public static SimulatedProcess of(ImageCatalog images, JsonNode pod, JsonNode container,
                                      BiFunction<String, String, Optional<? extends JsonNode>> lookup, Duration unknownRunTime) {
        String policy = pod.path("spec").path("restartPolicy").asText("Always");
        Map<String, String> env = env(pod, container, lookup);
        com.fasterxml.jackson.databind.node.ObjectNode expanded = container.deepCopy();
        for (String field : new String[] {"command", "args"}) {
            if (container.path(field).isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode list = expanded.putArray(field);
                container.path(field).forEach(a -> list.add(expand(a.asText(), env)));
            }
        }
        return SimulatedProcess.of(images.find(container.path("image").asText("")), expanded, env,
                pod.path("metadata").path("name").asText(), pod.path("status").path("podIP").asText(""), !policy.equals("Always"),
                unknownRunTime);
    }

    /** The container's environment: {@code envFrom} first, then {@code env} (later names win), as the kubelet builds it. */
    public static Map<String, String> env(JsonNode pod, JsonNode container, BiFunction<String, String, Optional<? extends JsonNode>> lookup) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", pod.path("metadata").path("name").asText());
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                lookup.apply("ConfigMap", from.path("configMapRef").path("name").asText())
                        .ifPresent(cm -> cm.path("data").fields().forEachRemaining(f -> env.put(prefix + f.getKey(), f.getValue().asText())));
            }
            if (from.has("secretRef")) {
                lookup.apply("Secret", from.path("secretRef").path("name").asText())
                        .ifPresent(s -> s.path("data").fields().forEachRemaining(f -> env.put(prefix + f.getKey(), decode(f.getValue().asText()))));
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, expand(e.path("value").asText(), env));
                continue;
            }
            JsonNode from = e.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                JsonNode ref = from.path("configMapKeyRef");
                lookup.apply("ConfigMap", ref.path("name").asText()).map(cm -> cm.path("data").path(ref.path("key").asText()))
                        .filter(JsonNode::isTextual).ifPresent(v -> env.put(name, v.asText()));
            } else if (from.has("secretKeyRef")) {
                JsonNode ref = from.path("secretKeyRef");
                lookup.apply("Secret", ref.path("name").asText()).map(s -> s.path("data").path(ref.path("key").asText()))
                        .filter(JsonNode::isTextual).ifPresent(v -> env.put(name, decode(v.asText())));
            } else if (from.has("fieldRef")) {
                String path = from.path("fieldRef").path("fieldPath").asText();
                String value = switch (path) {
                    case "metadata.name" -> pod.path("metadata").path("name").asText();
                    case "metadata.namespace" -> pod.path("metadata").path("namespace").asText();
                    case "metadata.uid" -> pod.path("metadata").path("uid").asText();
                    case "spec.nodeName" -> pod.path("spec").path("nodeName").asText();
                    case "spec.serviceAccountName" -> pod.path("spec").path("serviceAccountName").asText();
                    case "status.podIP" -> pod.path("status").path("podIP").asText();
                    case "status.hostIP" -> pod.path("status").path("hostIP").asText();
                    default -> null;
                };
                if (value != null) {
                    env.put(name, value);
                }
            }
        }
        return env;
    }

    /** {@code $(VAR)} references to earlier variables, as Kubernetes expands them in {@code env[].value}. */
    private static String expand(String value, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            if (value.startsWith("$$", i)) {
                out.append('$');
                i++;
            } else if (value.startsWith("$(", i) && value.indexOf(')', i) > 0) {
                String name = value.substring(i + 2, value.indexOf(')', i));
                if (env.containsKey(name)) {
                    out.append(env.get(name));
                } else {
                    out.append("$(").append(name).append(')');
                }
                i = value.indexOf(')', i);
            } else {
                out.append(value.charAt(i));
            }
        }
        return out.toString();
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }
}
