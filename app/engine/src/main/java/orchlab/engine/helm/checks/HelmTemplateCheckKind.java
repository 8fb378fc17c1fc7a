package orchlab.engine.helm.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CelFieldRule;
import orchlab.engine.check.toolkit.ObjectMatcher;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.check.cel.CelCompileException;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.course.YamlFields;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ValuesInput;

/**
 * {@code kind: helm-template} — renders a chart of the workspace with real Helm ({@code helm template}) once per
 * entry of {@code renders:}, and checks the rendered object with the same partial match as {@code assert}
 * ({@code expect:}) and/or a CEL expression ({@code expr:}, variables {@code object}, {@code objects},
 * {@code manifests}). Rendering with two different values proves a field comes from the values.
 *
 * <pre>
 * - id: replicas-from-values
 *   title: replicas comes from .Values.app.replicas
 *   kind: helm-template
 *   chart: my-app-chart
 *   release: my-app                       # the release name to render with (default: release-name)
 *   resource: {kind: Deployment}          # which rendered object; apiVersion and name optional
 *   renders:
 *   - set: {app.replicas: 2}
 *     expect: {spec: {replicas: 2}}
 *   - files: [values-prod.yaml]           # values files in the workspace, in order
 *     values: {app: {tag: "1.27"}}         # inline values, after the files
 *     expr: object.spec.replicas == 5
 *   - set: {app.name: shop}
 *     expr: object.spec.selector.matchLabels == object.spec.template.metadata.labels
 *     message: the selector does not match the Pod template's labels   # shown instead of the expression
 *     field: spec.selector.matchLabels                                 # the path reported
 *     expect: the same labels as spec.template.metadata.labels         # in words (default: the message)
 *     found: "{'selector': object.spec.selector.matchLabels, 'labels': object.spec.template.metadata.labels}"
 * </pre>
 * Without {@code renders:}, the check's own {@code files/values/set/expect/expr/message/field/found} are its one render.
 * {@code message}, {@code field}, {@code expect} (as text) and {@code found} word a render's {@code expr} exactly as
 * they word a {@code cel} check's ({@link CelFieldRule}), {@code found} evaluated on the rendered object; a mapping
 * {@code expect} stays the partial object, and then the message is the expectation in words.
 */
public final class HelmTemplateCheckKind implements CheckKind {
    static final List<String> VARIABLES = List.of("object", "objects", "manifests");
    /** The keys of one render; {@code message}, {@code field}, {@code found} (and a text {@code expect}) word its {@code expr}. */
    static final Set<String> RENDER_KEYS = Set.of("files", "values", "set", "expect", "expr", "message", "field", "found");
    /** Made on the first helm-template check, not when the check kinds are discovered. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    @Override
    public String name() {
        return "helm-template";
    }

    @Override
    public String summary() {
        return "renders a workspace chart with given values (helm template) and checks the rendered objects (expect / CEL expr)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("chart", "release", "resource", "renders", "files", "values", "set", "expect", "expr", "message", "field", "found");
    }

    @Override
    public SandboxKind needs() {
        return null;
    }

    record Selector(String apiVersion, String kind, String name) {
        boolean matches(JsonNode o) {
            return kind.equals(o.path("kind").asText()) && (apiVersion.isEmpty() || apiVersion.equals(o.path("apiVersion").asText()))
                    && (name.isEmpty() || name.equals(o.path("metadata").path("name").asText()));
        }

        String describe() {
            return kind + (name.isEmpty() ? "" : " " + name);
        }
    }

    record Render(List<String> files, JsonNode values, Map<String, String> set, Optional<JsonNode> expect,
                  Optional<CelExpression> expr, String message, Optional<CelFieldRule> rule) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (!files.isEmpty()) {
                parts.add("-f " + String.join(" -f ", files));
            }
            if (values.size() > 0) {
                parts.add("values " + ObjectMatcher.render(values));
            }
            set.forEach((k, v) -> parts.add("--set " + k + "=" + v));
            return parts.isEmpty() ? "default values" : String.join(" ", parts);
        }
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<String> chart = ChartPaths.read(spec, problems, "chart", true, "the chart's folder, for example chart: my-app-chart");
        JsonNode resource = spec.get("resource");
        Selector selector = null;
        if (!resource.isObject() || !resource.path("kind").isTextual()) {
            problems.error(resource.isMissingNode() ? spec.location() : spec.locate("resource"),
                    "the check needs 'resource:' with a kind (which rendered object to check)", "for example: resource: {kind: Deployment}");
        } else {
            selector = new Selector(resource.path("apiVersion").asText(""), resource.path("kind").asText(), resource.path("name").asText(""));
        }
        List<Render> renders = new ArrayList<>();
        JsonNode list = spec.get("renders");
        boolean ok = true;
        if (list.isMissingNode()) {
            Render one = readRender(spec, problems, spec.config(), "");
            ok = one != null;
            if (one != null) {
                renders.add(one);
            }
        } else if (!list.isArray() || list.isEmpty()) {
            problems.error(spec.locate("renders"), "'renders' must be a list of renders (each with values and expect or expr)");
            ok = false;
        } else {
            for (int i = 0; i < list.size(); i++) {
                Render r = readRender(spec, problems, list.get(i), "renders/" + i + "/");
                ok &= r != null;
                if (r != null) {
                    renders.add(r);
                }
            }
        }
        if (chart.isEmpty() || selector == null || !ok) {
            return null;
        }
        return new Prepared(chart.get(), spec.text("release", "release-name"), selector, List.copyOf(renders));
    }

    private static Render readRender(CheckSpec spec, Problems problems, JsonNode node, String at) {
        if (!node.isObject()) {
            problems.error(spec.locate(at.isEmpty() ? "" : at.substring(0, at.length() - 1)), "a render must be a mapping (files, values, set, expect, expr, message, field, found)");
            return null;
        }
        boolean ok = at.isEmpty()
                || new YamlFields(spec.source(), spec.pointer() + "/" + at.substring(0, at.length() - 1), problems, "a render")
                .allowOnly(RENDER_KEYS);
        List<String> files = new ArrayList<>();
        JsonNode f = node.path("files");
        if (!f.isMissingNode()) {
            if (!f.isArray()) {
                problems.error(spec.locate(at + "files"), "'files' must be a list of values files in the workspace");
                ok = false;
            } else {
                for (int i = 0; i < f.size(); i++) {
                    if (!f.get(i).isTextual() || !ChartPaths.relativeInside(f.get(i).asText())) {
                        problems.error(spec.locate(at + "files/" + i), "a values file must be a path inside the workspace");
                        ok = false;
                    } else {
                        files.add(f.get(i).asText());
                    }
                }
            }
        }
        JsonNode values = node.path("values");
        if (!values.isMissingNode() && !values.isObject()) {
            problems.error(spec.locate(at + "values"), "'values' must be a mapping of values, as in values.yaml");
            ok = false;
        }
        Map<String, String> set = new LinkedHashMap<>();
        JsonNode s = node.path("set");
        if (!s.isMissingNode()) {
            if (!s.isObject()) {
                problems.error(spec.locate(at + "set"), "'set' must be a mapping of --set keys to values, for example set: {app.replicas: 2}");
                ok = false;
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    set.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        JsonNode expect = node.path("expect");
        JsonNode e = node.path("expr");
        if (!expect.isMissingNode() && !expect.isObject() && (e.isMissingNode() || !expect.isValueNode())) {
            problems.error(spec.locate(at + "expect"), "'expect' must be a mapping of fields (a partial object)"
                    + " or, with 'expr:', what the expression wants in words", "for example: expect: {spec: {replicas: 2}}");
            ok = false;
        }
        Optional<CelExpression> expr = Optional.empty();
        Optional<CelFieldRule.Words> words = Optional.of(new CelFieldRule.Words("", Optional.empty()));
        if (!e.isMissingNode()) {
            expr = CelAssertions.compile(problems, spec.locate(at + "expr"), e.asText(), VARIABLES);
            ok &= expr.isPresent();
            words = CelFieldRule.read(node, key -> spec.locate(at + key), problems, VARIABLES, spec.title(), true);
            ok &= words.isPresent();
        } else {
            for (String key : List.of("message", "field", "found")) {
                if (!node.path(key).isMissingNode()) {
                    problems.error(spec.locate(at + key), "'" + key + "' words the render's 'expr:', and this render has none",
                            "add expr: (a CEL expression that is true when the render is right), or remove " + key + ":");
                    ok = false;
                }
            }
        }
        if (expect.isMissingNode() && e.isMissingNode()) {
            problems.error(at.isEmpty() ? spec.location() : spec.locate(at.substring(0, at.length() - 1)),
                    "a render needs 'expect:' (fields of the rendered object) or 'expr:' (a CEL expression), or both");
            ok = false;
        }
        return ok ? new Render(files, values.isObject() ? values : JsonNodeFactory.instance.objectNode(), set,
                expect.isObject() ? Optional.of(expect) : Optional.empty(), expr, words.get().message(), words.get().rule()) : null;
    }

    private record Prepared(String chart, String release, Selector selector, List<Render> renders) implements PreparedCheck {
        @Override
        public boolean polls() {
            return false;
        }

        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            Path dir = ChartPaths.resolve(context.workspace(), chart);
            if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                return Outcome.notFound(chart, "no chart " + chart + " in your workspace (a folder with a Chart.yaml)");
            }
            String where = chart + ": " + selector.describe();
            List<FieldFailure> failures = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Render render : renders) {
                String with = render.describe();
                List<JsonNode> manifests;
                try {
                    manifests = render(context.workspace(), dir, render, release, context.namespace());
                } catch (NoSuchFileException e) {
                    return Outcome.notFound(e.getMessage(), e.getMessage() + " not found in your workspace");
                } catch (HelmException e) {
                    return Outcome.fail(e.problem().filter(p -> !p.where().isEmpty()).map(p -> chart + "/" + p.where()).orElse(chart),
                            "helm template with " + with + " fails: " + e.getMessage());
                }
                List<JsonNode> selected = manifests.stream().filter(selector::matches).toList();
                if (selected.isEmpty()) {
                    problems.add("with " + with + " the chart renders no " + selector.describe());
                    continue;
                }
                JsonNode object = selected.get(0);
                render.expect().ifPresent(expect -> ObjectMatcher.match(expect, object).forEach(f ->
                        failures.add(new FieldFailure("(" + with + ") " + f.path(), f.expected(), f.actual(), f.kind()))));
                if (render.expr().isPresent()) {
                    Map<String, Object> bindings = new HashMap<>();
                    bindings.put("object", object);
                    bindings.put("objects", JsonNodeFactory.instance.arrayNode().addAll(selected));
                    bindings.put("manifests", JsonNodeFactory.instance.arrayNode().addAll(manifests));
                    try {
                        if (!CelAssertions.evaluateTest(render.expr().get(), bindings)) {
                            // the instructor's message says what is wrong; the expression is no field a learner can fix
                            problems.add("with " + with + (render.message().isEmpty()
                                    ? " this is false: " + render.expr().get().source().replaceAll("\\s+", " ").trim()
                                    : ": " + render.message()));
                            render.rule().ifPresent(rule -> failures.add(rule.failure("(" + with + ") " + rule.path(), object, bindings)));
                        }
                    } catch (CelRuntimeException e) {
                        problems.add("with " + with + " the expression " + CelAssertions.couldNotEvaluate(e)
                                + (render.message().isEmpty() ? "" : " (" + render.message() + ")"));
                    }
                }
            }
            if (failures.isEmpty() && problems.isEmpty()) {
                return Outcome.pass(where, "rendered " + selector.describe() + " as expected with " + renders.size()
                        + (renders.size() == 1 ? " set of values" : " sets of values"));
            }
            List<String> sentences = new ArrayList<>(problems);
            if (!failures.isEmpty()) {
                sentences.add(0, failures.size() + (failures.size() == 1 ? " field" : " fields") + " not as expected");
            }
            return Outcome.fail(where, String.join("; ", sentences), failures);
        }
    }

    static final class NoSuchFileException extends Exception {
        NoSuchFileException(String file) {
            super(file);
        }
    }

    static List<JsonNode> render(Path workspace, Path chart, Render render, String release, String namespace)
            throws HelmException, CheckUnavailableException, NoSuchFileException {
        List<Path> files = new ArrayList<>();
        for (String f : render.files()) {
            Path file = ChartPaths.resolve(workspace, f);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(f);
            }
            files.add(file);
        }
        Path inline = null;
        try {
            if (render.values().size() > 0) {
                inline = Files.createTempFile("orchlab-values-", ".yaml");
                Yaml.MAPPER.writeValue(inline.toFile(), render.values());
                files.add(inline);
            }
            String text = new HelmClient(Optional.empty(), namespace).template(chart, release, new ValuesInput(files, render.set()));
            return parse(text);
        } catch (HelmUnavailableException e) {
            throw new CheckUnavailableException(e.getMessage());
        } catch (IOException e) {
            throw new HelmException("the rendered manifests are not YAML: " + e.getMessage());
        } finally {
            if (inline != null) {
                try {
                    Files.deleteIfExists(inline);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    static List<JsonNode> parse(String manifests) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Yaml.MAPPER.readerFor(JsonNode.class).readValues(manifests)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
