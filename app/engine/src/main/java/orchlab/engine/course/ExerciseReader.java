package orchlab.engine.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.Preparation;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.kind.ExerciseKinds;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/** Reads and validates one {@code exercises/<id>/exercise.yaml}. */
final class ExerciseReader {
    static final Set<String> EXERCISE_KEYS = Set.of("id", "title", "kind", "sandbox", "namespace", "description", "hints",
            "setup", "timeout", "checks", "namespaceLabels", "clusters");
    static final Set<String> COMMON_CHECK_KEYS = Set.of("id", "title", "kind", "timeout", "hint", "cluster");
    /** At most this many clusters in one exercise: the simulated cluster runs at most this many (ADR 0016). */
    public static final int MAX_CLUSTERS = 3;

    private final PackFiles files;
    private final Problems problems;
    private final CheckKinds kinds;
    private final ExerciseKinds exerciseKinds;

    ExerciseReader(PackFiles files, Problems problems, CheckKinds kinds, ExerciseKinds exerciseKinds) {
        this.files = files;
        this.problems = problems;
        this.kinds = kinds;
        this.exerciseKinds = exerciseKinds;
    }

    Optional<Exercise> read(Path folder, YamlDoc doc) {
        int errorsBefore = errorCount();
        YamlFields ex = new YamlFields(doc, "", problems, "the exercise");
        if (!ex.requireObject()) {
            return Optional.empty();
        }
        Set<String> keys = new LinkedHashSet<>(EXERCISE_KEYS);
        exerciseKinds.all().forEach(k -> k.section().ifPresent(keys::add));
        ex.allowOnly(keys);
        String folderName = folder.getFileName().toString();
        Optional<String> id = ex.matching("id", true, CourseLoader.ID, CourseLoader.ID_RULE);
        if (id.isPresent() && !id.get().equals(folderName)) {
            problems.error(ex.locate("id"), "exercise id '" + id.get() + "' does not match its folder exercises/" + folderName,
                    "use 'id: " + folderName + "' or rename the folder");
        }
        String title = ex.string("title", true).orElse(folderName);
        ExerciseKind sandbox = readKind(ex);
        List<String> clusters = readClusters(doc, ex, sandbox);
        String namespace = ex.matching("namespace", false, CourseLoader.ID, "a Kubernetes namespace name: " + CourseLoader.ID_RULE)
                .orElse(id.orElse(folderName));
        Map<String, String> namespaceLabels = readNamespaceLabels(doc, ex);
        String description = ex.string("description", true).orElse("");
        List<String> hints = ex.strings("hints", false);
        Duration timeout = ex.duration("timeout").orElse(Exercise.DEFAULT_TIMEOUT);
        List<String> setup = readSetup(folder, doc, ex, namespace);
        checkFolders(folder, sandbox, clusters);
        ObjectNode docker = readKindSection(folder, doc, ex, sandbox);
        List<CheckSpec> checks = readChecks(doc, sandbox, namespace, clusters);

        if (errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Exercise(id.orElse(folderName), title, folder, sandbox, namespace, description, hints,
                setup, timeout, checks, docker, Location.ofFile(doc.file()), namespaceLabels, clusters));
    }

    /**
     * {@code clusters: [east, west]}: the clusters a multi-cluster exercise runs in — 2 or 3 DNS labels, each once, and
     * only for a kind that {@linkplain ExerciseKind#multiCluster() runs in several clusters}. Each name is also the
     * kubeconfig context the learner's terminal uses ({@code kubectl --context west}) and the folder of the learner's
     * files that go to that cluster ({@code west/}).
     */
    private List<String> readClusters(YamlDoc doc, YamlFields ex, ExerciseKind kind) {
        if (!ex.has("clusters")) {
            return List.of();
        }
        JsonNode node = ex.node().get("clusters");
        if (!kind.multiCluster()) {
            problems.error(ex.locate("clusters"), "'clusters:' is only for Kubernetes exercises, and this is a '" + kind.name()
                    + "' exercise", "remove 'clusters:' (a " + kind.name() + " exercise runs in one place)");
            return List.of();
        }
        if (!node.isArray()) {
            problems.error(ex.locate("clusters"), "'clusters' must be a list of cluster names, found " + YamlFields.typeName(node),
                    "write for example 'clusters: [east, west]'");
            return List.of();
        }
        if (node.size() < 2 || node.size() > MAX_CLUSTERS) {
            problems.error(ex.locate("clusters"), "'clusters' names " + node.size() + " cluster" + (node.size() == 1 ? "" : "s")
                    + "; a multi-cluster exercise names 2 or " + MAX_CLUSTERS, node.size() < 2
                    ? "leave 'clusters:' out for an exercise in one cluster" : "the simulated cluster runs at most "
                    + MAX_CLUSTERS + " clusters: keep " + MAX_CLUSTERS + " names");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Location at = doc.locate("/clusters/" + i);
            if (!item.isTextual() || !CourseLoader.ID.matcher(item.asText()).matches()) {
                problems.error(at, "cluster name '" + item.asText() + "' is not a DNS label (" + CourseLoader.ID_RULE + ")",
                        "name clusters like kubeconfig contexts: east, west, eu-1");
                continue;
            }
            Location first = seen.putIfAbsent(item.asText(), at);
            if (first != null) {
                problems.error(at, "cluster '" + item.asText() + "' is named twice (first at " + first + ")",
                        "give each cluster its own name");
                continue;
            }
            names.add(item.asText());
        }
        return names.size() == node.size() ? names : List.of();
    }

    private static final java.util.regex.Pattern LABEL_KEY = java.util.regex.Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final java.util.regex.Pattern LABEL_VALUE = java.util.regex.Pattern.compile(
            "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** Pod Security admission's mode labels; a pack may set each to {@code restricted}, the strictest level. */
    private static final java.util.Set<String> POD_SECURITY_MODES = java.util.Set.of("pod-security.kubernetes.io/enforce",
            "pod-security.kubernetes.io/warn", "pod-security.kubernetes.io/audit");

    /**
     * {@code namespaceLabels:}: labels for the namespace the lab creates (a pack cannot write the Namespace itself).
     * Keys under kubernetes.io, k8s.io and the lab's own are refused: a pack labels its namespace for a mesh or a tool,
     * never to relax what the cluster enforces. The one exception makes the namespace stricter: Pod Security's
     * {@code enforce}/{@code warn}/{@code audit} set to {@code restricted} (any other level could loosen a cluster whose
     * default is stricter; the {@code -version} labels could pin an older, looser version, so they stay refused).
     */
    private Map<String, String> readNamespaceLabels(YamlDoc doc, YamlFields ex) {
        if (!ex.has("namespaceLabels")) {
            return Map.of();
        }
        com.fasterxml.jackson.databind.JsonNode node = ex.node().get("namespaceLabels");
        if (!node.isObject()) {
            problems.error(ex.locate("namespaceLabels"), "'namespaceLabels' must be a map of label names to values, found "
                    + YamlFields.typeName(node), "write for example 'namespaceLabels: {istio-injection: enabled}'");
            return Map.of();
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            Location at = doc.locate("/namespaceLabels/" + key.replace("~", "~0").replace("/", "~1"));
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
            if (!LABEL_KEY.matcher(key).matches() || key.length() > 317) {
                problems.error(at, "'" + key + "' is not a Kubernetes label name",
                        "an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.'");
            } else if (POD_SECURITY_MODES.contains(key) && !"restricted".equals(e.getValue().asText(null))) {
                problems.error(at, "namespace label '" + key + "' is refused with any value but 'restricted': a pack may make Pod"
                        + " Security stricter for its own namespace, never looser", "write " + key + ": restricted, or leave the label out");
            } else if (POD_SECURITY_MODES.contains(key)) {
                labels.put(key, "restricted");
            } else if (prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io") || prefix.equals("k8s.io")
                    || prefix.endsWith(".k8s.io") || prefix.equals("orchlab.dev") || prefix.endsWith(".orchlab.dev")) {
                problems.error(at, "namespace label '" + key + "' is refused: labels under " + prefix
                        + " belong to Kubernetes or to the lab, and a pack may not change what they control",
                        "label the namespace only for your own tools (for example istio-injection: enabled)");
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()
                    || !LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
                problems.error(at, "the value of namespace label '" + key + "' must be up to 63 letters, digits, '-', '_' or '.'",
                        "quote it if YAML reads it as something else: " + key + ": \"enabled\"");
            } else {
                labels.put(key, e.getValue().asText());
            }
        });
        return labels;
    }

    /** {@code kind:}, or the older {@code sandbox: kubernetes|docker} (the same kinds); kubernetes when neither. */
    private ExerciseKind readKind(YamlFields ex) {
        if (ex.has("kind") && ex.has("sandbox")) {
            problems.error(ex.locate("sandbox"), "an exercise says either 'kind:' or the older 'sandbox:', not both", "keep 'kind:'");
        }
        String key = ex.has("kind") || !ex.has("sandbox") ? "kind" : "sandbox";
        Optional<String> text = ex.string(key, false);
        if (text.isEmpty()) {
            return exerciseKinds.defaultKind();
        }
        Optional<ExerciseKind> kind = exerciseKinds.find(text.get());
        if (kind.isEmpty() || key.equals("sandbox") && kind.get().sandbox().isEmpty()) {
            Collection<String> names = key.equals("sandbox")
                    ? exerciseKinds.all().stream().filter(k -> k.sandbox().isPresent()).map(ExerciseKind::name).toList()
                    : exerciseKinds.names();
            problems.error(ex.locate(key), "unknown " + (key.equals("kind") ? "exercise kind" : "sandbox") + " '" + text.get() + "'",
                    Suggestions.didYouMean(text.get(), names));
            return exerciseKinds.defaultKind();
        }
        return kind.get();
    }

    private int errorCount() {
        return (int) problems.asList().stream().filter(Problem::isError).count();
    }

    private List<String> readSetup(Path folder, YamlDoc doc, YamlFields ex, String namespace) {
        List<String> setup = ex.strings("setup", false);
        for (int i = 0; i < setup.size(); i++) {
            Location where = doc.locate("/setup/" + i);
            Optional<Path> file = files.resolve(folder, setup.get(i), where, problems);
            if (file.isEmpty()) {
                continue;
            }
            Optional<String> text = files.readText(file.get(), where, problems);
            if (text.isPresent()) {
                try {
                    for (YamlDoc manifest : YamlDoc.parseAll(files.display(file.get()), text.get())) {
                        checkReach(manifest, namespace);
                    }
                } catch (YamlSyntaxException e) {
                    problems.error(e.location(), e.getMessage());
                }
            }
        }
        return setup;
    }

    /** A setup object outside what a pack may apply ({@link orchlab.engine.exercise.PackReach}), reported at its kind. */
    private void checkReach(YamlDoc manifest, String namespace) {
        var root = manifest.root();
        if (!root.isObject() || !root.path("kind").isTextual()) {
            return;
        }
        String kind = root.get("kind").asText();
        String name = root.path("metadata").path("name").asText("(no name)");
        Location at = manifest.locate("/kind");
        if (kind.equals("Namespace")) {
            problems.error(at, orchlab.engine.exercise.PackReach.namespaceRefused(name, null),
                    "put the setup objects without metadata.namespace; the lab applies them into the exercise's namespace");
        } else if (orchlab.engine.exercise.PackReach.KNOWN_CLUSTER_SCOPED.contains(kind)) {
            if (orchlab.engine.exercise.PackReach.ALLOWED_CLUSTER_SCOPED.contains(kind)) {
                problems.warning(at, orchlab.engine.exercise.PackReach.needsConsent(kind, name), "");
            } else {
                problems.error(at, orchlab.engine.exercise.PackReach.clusterScopedRefused(kind, name),
                        "use a namespaced object instead (Role and RoleBinding rather than ClusterRole and ClusterRoleBinding)");
            }
        } else {
            JsonNode written = root.path("metadata").path("namespace");
            orchlab.engine.exercise.PackReach.foreignNamespace(kind + " " + name, written.isTextual() ? written.asText() : null, namespace)
                    .ifPresent(refused -> problems.error(manifest.locate("/metadata/namespace"), refused,
                            "remove metadata.namespace: the lab applies setup objects into the exercise's namespace"));
        }
    }

    private void checkFolders(Path folder, ExerciseKind sandbox, List<String> clusters) {
        Path starter = folder.resolve("starter");
        Path solution = folder.resolve("solution");
        if (!Files.isDirectory(starter)) {
            problems.error(files.locationOf(folder), "exercise has no starter/ folder (the files the learner starts from)",
                    "create " + files.display(starter) + "/ — it may hold a single file with a comment");
        }
        if (!Files.isDirectory(solution)) {
            problems.error(files.locationOf(folder), "exercise has no solution/ folder (the reference solution `lab course test` applies)",
                    "create " + files.display(solution) + "/ with the solved files");
            return;
        }
        try (Stream<Path> walk = Files.walk(solution)) {
            List<Path> all = walk.filter(Files::isRegularFile).sorted().toList();
            if (all.isEmpty()) {
                problems.error(files.locationOf(solution), "solution/ is empty", "put the solved files there");
            }
            if (sandbox.solutionHoldsManifests()) {
                for (Path file : all) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".yaml") || name.endsWith(".yml")) && !clusters.isEmpty()
                            && (solution.relativize(file).getNameCount() < 2
                            || !clusters.contains(solution.relativize(file).getName(0).toString()))) {
                        problems.error(files.locationOf(file), "solution file " + solution.relativize(file).toString()
                                .replace('\\', '/') + " is outside every cluster folder: in a multi-cluster exercise each"
                                + " manifest lives in the folder of the cluster it goes to", "move it into "
                                + String.join("/ or ", clusters) + "/");
                    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        files.readText(file, files.locationOf(file), problems).ifPresent(text -> {
                            try {
                                YamlDoc.parseAll(files.display(file), text);
                            } catch (YamlSyntaxException e) {
                                problems.error(e.location(), e.getMessage());
                            }
                        });
                    }
                }
            }
        } catch (IOException e) {
            problems.error(files.locationOf(solution), "cannot read solution/: " + e.getMessage());
        }
    }

    /** The kind's own section ({@code docker:}), validated by the kind; another kind's section is a mistake. */
    private ObjectNode readKindSection(Path folder, YamlDoc doc, YamlFields ex, ExerciseKind kind) {
        for (ExerciseKind other : exerciseKinds.all()) {
            Optional<String> name = other.section();
            if (other != kind && name.isPresent() && !name.equals(kind.section()) && doc.root().has(name.get())) {
                problems.error(ex.locate(name.get()), "'" + name.get() + ":' is only used by exercises with 'kind: " + other.name() + "'",
                        "remove it or set 'kind: " + other.name() + "'");
            }
        }
        if (kind.section().isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        String name = kind.section().get();
        JsonNode section = doc.root().get(name);
        if (section == null || section.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!section.isObject()) {
            problems.error(ex.locate(name), "'" + name + "' must be a mapping, found " + YamlFields.typeName(section));
            return JsonNodeFactory.instance.objectNode();
        }
        kind.validate(section, pointer -> doc.locate("/" + name + pointer), problems);
        kind.validateFiles(folder, section, files, problems);
        return (ObjectNode) section;
    }

    /**
     * A check reads the exercise's namespace only (PackReach): its own {@code namespace} key (http, istio-analyze) and
     * the toolkit's {@code resource.namespace} may name no other, refused here at the key rather than when it runs.
     */
    private void checkNamespaces(YamlDoc doc, String pointer, String namespace) {
        for (String key : List.of("/namespace", "/resource/namespace")) {
            JsonNode written = doc.root().at(pointer + key);
            // a value that is no namespace name at all is the kind's to refuse (one problem per mistake)
            if (written.isTextual() && CourseLoader.ID.matcher(written.asText()).matches()) {
                orchlab.engine.exercise.PackReach.foreignNamespace("this check", written.asText(), namespace)
                        .ifPresent(refused -> problems.error(doc.locate(pointer + key), refused + ": checks read only the"
                                + " exercise's namespace", "remove '" + key.substring(1).replace('/', '.')
                                + "' (the check then reads the exercise's namespace)"));
            }
        }
    }

    /** A check's {@code cluster:} must name a declared cluster; without {@code clusters:} it may name none. */
    private void checkCluster(YamlFields check, List<String> clusters) {
        if (!check.has("cluster")) {
            return;
        }
        JsonNode written = check.node().get("cluster");
        if (clusters.isEmpty()) {
            problems.error(check.locate("cluster"), "'cluster:' names a cluster, and this exercise declares none",
                    "declare the exercise's clusters first ('clusters: [east, west]'), or remove 'cluster:'");
        } else if (!written.isTextual() || !clusters.contains(written.asText())) {
            problems.error(check.locate("cluster"), "cluster '" + written.asText() + "' is not one of this exercise's clusters ("
                    + String.join(", ", clusters) + ")", Suggestions.didYouMean(written.asText(), clusters).isEmpty()
                    ? "use one of: " + String.join(", ", clusters) : Suggestions.didYouMean(written.asText(), clusters));
        }
    }

    private List<CheckSpec> readChecks(YamlDoc doc, ExerciseKind exerciseKind, String namespace, List<String> clusters) {
        JsonNode list = doc.root().get("checks");
        if (list == null || list.isNull()) {
            problems.error(doc.locate(""), "the exercise needs 'checks' (a list)", "add at least one check, see app/docs/course-format.md");
            return List.of();
        }
        if (!list.isArray() || list.isEmpty()) {
            problems.error(doc.locate("/checks"), "'checks' must be a non-empty list, found " + YamlFields.typeName(list));
            return List.of();
        }
        List<CheckSpec> checks = new ArrayList<>();
        Map<String, Location> ids = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = "/checks/" + i;
            YamlFields check = new YamlFields(doc, pointer, problems, "check " + (i + 1));
            if (!check.requireObject()) {
                continue;
            }
            Optional<String> id = check.matching("id", true, CourseLoader.ID, CourseLoader.ID_RULE);
            if (id.isPresent()) {
                Location first = ids.putIfAbsent(id.get(), check.locate("id"));
                if (first != null) {
                    problems.error(check.locate("id"), "check id '" + id.get() + "' is used twice in this exercise (first at " + first + ")",
                            "give each check its own id");
                }
            }
            String title = check.string("title", true).orElse(id.orElse("check " + (i + 1)));
            Optional<String> kindName = check.string("kind", true);
            Optional<Duration> timeout = check.duration("timeout");
            String hint = check.string("hint", false).orElse("");
            if (kindName.isEmpty()) {
                check.allowOnly(COMMON_CHECK_KEYS);
                continue;
            }
            Optional<CheckKind> kind = kinds.find(kindName.get());
            if (kind.isEmpty()) {
                problems.error(check.locate("kind"), "unknown check kind '" + kindName.get() + "'",
                        Suggestions.didYouMean(kindName.get(), kinds.names()));
                continue;
            }
            SandboxKind needs = kind.get().needs();
            if (needs != null && !exerciseKind.needs().contains(needs)) {
                problems.error(check.locate("kind"), "check kind '" + kindName.get() + "' needs " + needs.description()
                        + ", which a '" + exerciseKind.name() + "' exercise does not provide ("
                        + (exerciseKind.needs().isEmpty() ? "it needs no sandbox" : "it runs in " + exerciseKind.needs().stream()
                        .map(SandboxKind::description).sorted().collect(java.util.stream.Collectors.joining(" and "))) + ")",
                        "use a check kind made for " + exerciseKind.name() + " exercises: " + String.join(", ", kinds.all().stream()
                                .filter(k -> k.needs() == null || exerciseKind.needs().contains(k.needs())).map(CheckKind::name).toList()));
                continue;
            }
            Set<String> allowed = new LinkedHashSet<>(COMMON_CHECK_KEYS);
            allowed.addAll(kind.get().keys());
            check.allowOnly(allowed);
            checkCluster(check, clusters);
            checkNamespaces(doc, pointer, namespace);
            CheckSpec spec = new CheckSpec(i, id.orElse("check-" + (i + 1)), title, kindName.get(), timeout, hint,
                    (ObjectNode) check.node(), doc, pointer);
            // prepared once, here: the engine runs what this made and never prepares again
            Preparation preparation = kind.get().prepare(spec);
            preparation.problems().forEach(problems::add);
            checks.add(spec.withPreparation(preparation));
        }
        return checks;
    }
}
