package orchlab.engine.manifest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import orchlab.engine.course.Suggestions;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Checks Kubernetes YAML the way {@code kubectl apply} with strict field validation would, before it
 * reaches a cluster: YAML syntax (tabs, indentation), {@code apiVersion}/{@code kind} present and
 * known, unknown fields (against fabric8's typed model of every built-in kind) with a suggestion,
 * and values of the wrong type — each at its line and column.
 */
public final class ManifestLinter {
    private static final Set<String> LEAF_TYPES = Set.of(String.class.getName(), IntOrString.class.getName(),
            Quantity.class.getName(), Object.class.getName());

    /** fabric8's registry of typed kinds, made on the first lint: `lab check` builds a linter but seldom lints. */
    private volatile KubernetesSerialization serialization;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<JavaType, Map<String, JavaType>> propertiesCache = new ConcurrentHashMap<>();

    private KubernetesSerialization serialization() {
        KubernetesSerialization s = serialization;
        if (s == null) {
            synchronized (this) {
                s = serialization;
                if (s == null) {
                    s = new KubernetesSerialization();
                    serialization = s;
                }
            }
        }
        return s;
    }

    /** Every issue in a (multi-document) manifest file. */
    public List<LintIssue> lint(String file, String text) {
        List<LintIssue> issues = new ArrayList<>();
        int tab = firstIndentingTab(text);
        if (tab > 0) {
            issues.add(new LintIssue(file, tab, 1, "", "tab character in indentation — YAML indents with spaces only", true));
        }
        List<YamlDoc> docs;
        try {
            docs = YamlDoc.parseAll(file, text);
        } catch (YamlSyntaxException e) {
            if (tab <= 0) {
                Location at = e.location();
                issues.add(new LintIssue(file, at.line(), at.column(), "", e.getMessage(), true));
            }
            return issues;
        }
        for (YamlDoc doc : docs) {
            lintDocument(doc, issues);
        }
        return issues;
    }

    /**
     * The Kubernetes issues of one parsed document (kind, metadata.name, unknown fields, wrong types),
     * without the file-level tab and syntax checks of {@link #lint(String, String)}: for callers that
     * pick which documents of a file are Kubernetes objects.
     */
    public List<LintIssue> lint(YamlDoc doc) {
        List<LintIssue> issues = new ArrayList<>();
        lintDocument(doc, issues);
        return issues;
    }

    private void lintDocument(YamlDoc doc, List<LintIssue> issues) {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            issues.add(issue(doc, "", "", "a Kubernetes object must be a mapping with apiVersion, kind and metadata", true));
            return;
        }
        String apiVersion = root.path("apiVersion").asText("");
        String kind = root.path("kind").asText("");
        if (apiVersion.isEmpty()) {
            issues.add(issue(doc, "", "apiVersion", "apiVersion is missing (for example apps/v1 or v1)", true));
        }
        if (kind.isEmpty()) {
            issues.add(issue(doc, "", "kind", "kind is missing (for example Deployment)", true));
        }
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return;
        }
        Class<? extends KubernetesResource> type = serialization().getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || type.getName().endsWith("GenericKubernetesResource")) {
            // custom resources (Istio, Argo...) are not known here; their CRD's schema is checked by the server
            return;
        }
        if (!root.path("metadata").path("name").isTextual() && !root.path("metadata").has("generateName")) {
            issues.add(issue(doc, "/metadata", "metadata.name", kind + " needs metadata.name", true));
        }
        walk(doc, "", "", root, mapper.constructType(type), kind, issues);
    }

    private void walk(YamlDoc doc, String pointer, String path, JsonNode node, JavaType type, String where,
                      List<LintIssue> issues) {
        if (node == null || node.isNull() || type == null) {
            return;
        }
        Class<?> raw = type.getRawClass();
        if (LEAF_TYPES.contains(raw.getName()) || raw.isEnum()) {
            if (raw == String.class && (node.isObject() || node.isArray())) {
                issues.add(issue(doc, pointer, path, path + " must be text, found " + shape(node), true));
            }
            return;
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw) || raw == Boolean.class) {
            checkScalar(doc, pointer, path, node, raw, issues);
            return;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (!node.isArray()) {
                issues.add(issue(doc, pointer, path, path + " must be a list, found " + shape(node), true));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                walk(doc, pointer + "/" + i, path + "[" + i + "]", node.get(i), type.getContentType(), where, issues);
            }
            return;
        }
        if (type.isMapLikeType()) {
            if (!node.isObject()) {
                issues.add(issue(doc, pointer, path, path + " must be a mapping, found " + shape(node), true));
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                walk(doc, YamlDoc.child(pointer, e.getKey()), path + "." + e.getKey(), e.getValue(), type.getContentType(), where, issues);
            }
            return;
        }
        if (!raw.getName().startsWith("io.fabric8.")) {
            return;
        }
        if (!node.isObject()) {
            issues.add(issue(doc, pointer, path, (path.isEmpty() ? where : path) + " must be a mapping, found " + shape(node), true));
            return;
        }
        Map<String, JavaType> properties = properties(type);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            String childPointer = YamlDoc.child(pointer, key);
            String childPath = path.isEmpty() ? key : path + "." + key;
            JavaType childType = properties.get(key);
            if (childType == null) {
                Optional<String> suggestion = Suggestions.closest(key, properties.keySet());
                String in = path.isEmpty() ? where : where + " " + path;
                issues.add(new LintIssue(doc.file(), doc.locateKey(childPointer).line(), doc.locateKey(childPointer).column(), childPath,
                        "unknown field \"" + key + "\" in " + in + suggestion.map(s -> " (did you mean \"" + s + "\"?)").orElse(""), true));
                continue;
            }
            walk(doc, childPointer, childPath, e.getValue(), childType, where, issues);
        }
    }

    private void checkScalar(YamlDoc doc, String pointer, String path, JsonNode node, Class<?> raw, List<LintIssue> issues) {
        boolean bool = raw == boolean.class || raw == Boolean.class;
        if (bool && !node.isBoolean()) {
            issues.add(issue(doc, pointer, path, path + " must be true or false, found " + shape(node), true));
        } else if (!bool && !node.isNumber()) {
            issues.add(issue(doc, pointer, path, path + " must be a number, found " + shape(node), true));
        } else if (!bool && (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) && !node.isIntegralNumber()) {
            issues.add(issue(doc, pointer, path, path + " must be a whole number, found " + node.asText(), true));
        }
    }

    private Map<String, JavaType> properties(JavaType type) {
        return propertiesCache.computeIfAbsent(type, t -> {
            BeanDescription description = mapper.getDeserializationConfig().introspect(t);
            Map<String, JavaType> map = new java.util.LinkedHashMap<>();
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
                    map.put(property.getName(), property.getPrimaryType());
                }
            }
            map.remove("additionalProperties");
            return map;
        });
    }

    private static String shape(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isTextual() ? "\"" + node.asText() + "\"" : node.asText();
    }

    private static LintIssue issue(YamlDoc doc, String pointer, String path, String message, boolean error) {
        Location at = doc.locate(pointer);
        return new LintIssue(doc.file(), at.line(), at.column(), path, message, error);
    }

    /** Line (1-based) of the first tab used for indentation, or 0. */
    static int firstIndentingTab(String text) {
        int line = 1;
        boolean atLineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                atLineStart = true;
            } else if (atLineStart && c == '\t') {
                return line;
            } else if (c != ' ') {
                atLineStart = false;
            }
        }
        return 0;
    }

    /** Keys of a typed kind, for "did you mean" elsewhere. */
    Set<String> knownFields(Class<?> type) {
        return new TreeSet<>(properties(mapper.constructType(type)).keySet());
    }
}
