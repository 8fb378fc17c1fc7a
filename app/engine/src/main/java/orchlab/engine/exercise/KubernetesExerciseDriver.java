package orchlab.engine.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orchlab.engine.check.toolkit.ClusterActivity;
import orchlab.engine.check.toolkit.KubeErrors;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.lint.LintMark;
import orchlab.engine.lint.WorkspaceLinter;
import orchlab.engine.manifest.LintIssue;
import orchlab.engine.manifest.ManifestLinter;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Kubernetes exercises: each works in its own namespace, created and labelled by the lab; apply is
 * server-side apply (kubectl's modern semantics) of the learner's YAML into that namespace, with field validation
 * Strict as {@code kubectl apply} asks for: an unknown or duplicate field is refused at its line, in the editor's words. What a pack
 * may apply is {@link PackReach}: no Namespace objects, cluster-scoped objects only from its allow-list and
 * with the user's consent. Every object the lab creates is written to its {@link CreatedObjects} record
 * with its UID; reset deletes from that record only (the namespace too, when the lab created it), never
 * by label, never {@code default} or {@code kube-*}.
 */
public final class KubernetesExerciseDriver implements ExerciseDriver {
    public static final String FIELD_MANAGER = "orchlab";
    private static final WorkspaceLinter LINTER = new WorkspaceLinter();
    private static final ManifestLinter MANIFESTS = new ManifestLinter();

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    /** The exercise's own namespace labels ({@code namespaceLabels:}, checked by the loader) and the lab's, which win. */
    private static java.util.Map<String, String> namespaceLabels(Exercise exercise) {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(exercise.namespaceLabels());
        labels.putAll(LabLabels.forExercise(exercise.id()));
        return labels;
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        KubernetesClient client = kube(target).client();
        String ns = target.namespace();
        try {
            boolean istio = IstioApiOnCluster.usedBy(exercise);
            List<com.fasterxml.jackson.databind.node.ObjectNode> missingIstio = istio ? IstioApiOnCluster.missing(client) : List.of();
            if (!missingIstio.isEmpty() && !target.allowClusterScoped()) {
                // like a declined setup object: nothing is applied, not even the namespace
                throw new SandboxException(IstioApiOnCluster.consentNeeded(exercise, missingIstio));
            }
            if (istio) {
                IstioApiOnCluster.share(client, exercise, record(target, client));
            }
            if (!missingIstio.isEmpty()) {
                progress.progress(0.05, "Istio " + orchlab.engine.istio.IstioCrds.ISTIO_VERSION + " API (" + missingIstio.size()
                        + " CustomResourceDefinitions)");
                IstioApiOnCluster.register(client, exercise, record(target, client), missingIstio, progress);
            }
            progress.progress(0.1, "namespace " + ns);
            waitWhileTerminating(client, ns);
            Namespace existing = client.namespaces().withName(ns).get();
            if (existing == null) {
                try {
                    Namespace created = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                            .withLabels(namespaceLabels(exercise)).endMetadata().build()).create();
                    if (!PackReach.isProtectedNamespace(ns)) {
                        record(target, client).add(new CreatedObjects.Entry(exercise.id(), "v1", "Namespace", "", ns,
                                uidOf(created, () -> client.namespaces().withName(ns).get())));
                    }
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    // created meanwhile (a second start, or kubectl in the terminal): starting is idempotent
                }
            }
            for (int i = 0; i < exercise.setup().size(); i++) {
                progress.progress(0.2 + 0.8 * i / Math.max(1, exercise.setup().size()), "setup " + exercise.setup().get(i));
                ApplyResult result = apply(exercise, exercise.dir().resolve(exercise.setup().get(i)), target, ProgressListener.NONE);
                if (!result.ok()) {
                    throw new SandboxException("the exercise's setup could not be applied: " + String.join("; ", result.errors()));
                }
            }
            if (!exercise.setup().isEmpty()) {
                awaitControllersCaughtUp(client, ns);
            }
            progress.progress(1, "ready");
        } catch (KubernetesClientException e) {
            throw new SandboxException(KubeErrors.describe(e, client), e);
        }
    }

    /** How long {@link #start} waits for the setup's workloads to be seen by their controllers. */
    static final long SETUP_OBSERVED_MILLIS = 3_000;

    /**
     * Waits (at most {@link #SETUP_OBSERVED_MILLIS}) until every Deployment, StatefulSet and DaemonSet of the namespace has
     * been seen by its controller ({@code status.observedGeneration} caught up): a change applied right after start would
     * otherwise land before the controller's first look, and the setup's version would never become revision 1 of the
     * rollout history (the k8s-rollout exercise asks for revision 2). Only the controllers' first look — not Pods ready.
     */
    private static void awaitControllersCaughtUp(KubernetesClient client, String ns) throws SandboxException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_OBSERVED_MILLIS);
        while (true) {
            boolean behind = false;
            for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet")) {
                try {
                    for (com.fasterxml.jackson.databind.JsonNode workload : ClusterActivity.list(client, "apps/v1", kind, ns)) {
                        behind |= !ClusterActivity.caughtUp(workload);
                    }
                } catch (orchlab.engine.check.CheckUnavailableException e) {
                    return; // the cluster cannot be read now: the learner's Check will say so
                }
            }
            if (!behind || System.nanoTime() > deadline) {
                return; // a controller slower than this (or none, as on a mock API server) is not waited for further
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while the setup was being processed");
            }
        }
    }

    private static void waitWhileTerminating(KubernetesClient client, String ns) throws SandboxException {
        Namespace existing = client.namespaces().withName(ns).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            client.namespaces().withName(ns).waitUntilCondition(n -> n == null, 90, TimeUnit.SECONDS);
        }
    }

    /**
     * The setup's cluster-scoped objects, plus Istio's CustomResourceDefinitions when the exercise uses Istio's API and
     * the cluster does not serve it ({@link IstioApiOnCluster}): everything {@link #start} creates cluster-wide.
     */
    @Override
    public List<PackReach.ClusterObject> clusterScopedObjects(Exercise exercise, ExerciseTarget target) throws SandboxException {
        List<PackReach.ClusterObject> objects = new ArrayList<>();
        if (IstioApiOnCluster.usedBy(exercise)) {
            KubernetesClient client = kube(target).client();
            try {
                objects.addAll(IstioApiOnCluster.asClusterObjects(IstioApiOnCluster.missing(client)));
            } catch (KubernetesClientException e) {
                throw new SandboxException(KubeErrors.describe(e, client), e);
            }
        }
        objects.addAll(PackReach.clusterScopedSetup(exercise));
        return List.copyOf(objects);
    }

    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        KubernetesClient client = kube(target).client();
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Path> files = manifestFiles(fileOrDir);
        if (files.isEmpty()) {
            errors.add(fileOrDir.getFileName() + ": no YAML manifest to apply");
        }
        Path base = Files.isDirectory(fileOrDir) ? fileOrDir : fileOrDir.getParent();
        Scopes scopes = new Scopes(client);
        CreatedObjects record = record(target, client);
        boolean ownFile = target.learnersFiles();
        for (Path file : files) {
            String display = base == null ? file.toString() : base.relativize(file).toString().replace('\\', '/');
            List<YamlDoc> docs;
            String text = null;
            try {
                text = Files.readString(file);
                docs = YamlDoc.parseAll(display, text);
            } catch (YamlSyntaxException e) {
                errors.addAll(yamlErrors(display, text, e));
                continue;
            } catch (IOException e) {
                errors.add(display + ": cannot read: " + e.getMessage());
                continue;
            }
            for (YamlDoc doc : docs) {
                applyOne(client, exercise, target, scopes, record, doc, ownFile, lines, errors);
            }
        }
        return new ApplyResult(lines, errors);
    }

    /** @param ownFile the learner's own file ({@link ExerciseTarget#learnersFiles}): nothing cluster-scoped is applied from it */
    private void applyOne(KubernetesClient client, Exercise exercise, ExerciseTarget target, Scopes scopes, CreatedObjects record,
                          YamlDoc doc, boolean ownFile, List<String> lines, List<String> errors) throws SandboxException {
        String namespace = target.namespace();
        Location at = doc.locate("");
        JsonNode root = doc.root();
        if (!root.isObject() || !root.hasNonNull("apiVersion") || !root.hasNonNull("kind")) {
            errors.add(at + ": not a Kubernetes object (apiVersion and kind are required)");
            return;
        }
        GenericKubernetesResource object;
        try {
            object = client.getKubernetesSerialization().convertValue(root, GenericKubernetesResource.class);
        } catch (IllegalArgumentException e) {
            errors.add(at + ": cannot read this object: " + e.getMessage());
            return;
        }
        String kind = object.getKind();
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            errors.add(at + ": " + kind + " has no metadata.name");
            return;
        }
        String name = object.getMetadata().getName();
        if ("Namespace".equals(kind)) {
            errors.add(at + ": " + PackReach.namespaceRefused(name, namespace));
            return;
        }
        boolean clusterScoped = scopes.clusterScoped(object.getApiVersion(), kind);
        if (clusterScoped && ownFile) {
            errors.add(at + ": " + PackReach.clusterScopedInOwnFile(kind, name, namespace));
            return;
        }
        if (clusterScoped && !PackReach.ALLOWED_CLUSTER_SCOPED.contains(kind)) {
            errors.add(at + ": " + PackReach.clusterScopedRefused(kind, name));
            return;
        }
        if (clusterScoped && !target.allowClusterScoped()) {
            errors.add(at + ": " + PackReach.needsConsent(kind, name));
            return;
        }
        Optional<String> foreign = clusterScoped ? Optional.empty()
                : PackReach.foreignNamespace(kind + " " + name, object.getMetadata().getNamespace(), namespace);
        if (foreign.isPresent()) {
            errors.add(at + ": " + foreign.get() + " — remove metadata.namespace");
            return;
        }
        if (clusterScoped) {
            object.getMetadata().setNamespace(null);
        } else {
            object.getMetadata().setNamespace(namespace);
        }
        Map<String, String> labels = new HashMap<>(object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels());
        labels.putAll(LabLabels.forExercise(exercise.id()));
        object.getMetadata().setLabels(labels);
        String what = kind.toLowerCase(java.util.Locale.ROOT) + "/" + name;
        List<String> duplicates = duplicateFields(doc, kind, name);
        if (!duplicates.isEmpty()) {
            errors.addAll(duplicates);
            return;
        }
        try {
            GenericKubernetesResource before = get(client, object.getApiVersion(), kind, clusterScoped ? null : namespace, name);
            if (clusterScoped && before != null) {
                String uid = before.getMetadata().getUid();
                boolean ours = record.find(object.getApiVersion(), kind, "", name).filter(e -> e.uid().equals(uid)).isPresent();
                if (!ours) {
                    errors.add(at + ": " + PackReach.foreignClusterObject(kind, name));
                    return;
                }
            }
            serverSideApply(client, object, clusterScoped, namespace);
            if (before == null) {
                GenericKubernetesResource now = get(client, object.getApiVersion(), kind, clusterScoped ? null : namespace, name);
                if (now != null && now.getMetadata().getUid() != null) {
                    record.add(new CreatedObjects.Entry(exercise.id(), object.getApiVersion(), kind, clusterScoped ? "" : namespace,
                            name, now.getMetadata().getUid()));
                }
            }
            lines.add(what + (before != null ? " configured" : " created"));
        } catch (KubernetesClientException e) {
            List<String> located = locatedFieldErrors(doc, kind, name, e);
            if (located.isEmpty()) {
                errors.add(at + ": " + describeApplyError(object.getApiVersion(), kind, name, e, client));
            } else {
                errors.addAll(located);
            }
        }
    }

    /**
     * A file that does not parse, in the editor's words ({@link WorkspaceLinter}'s YAML errors, each at its line:
     * {@code deployment.yaml:6:1: Tab character in the indentation: ...}), not SnakeYAML's; the parser's own
     * message when the linter finds nothing it can name.
     */
    static List<String> yamlErrors(String display, String text, YamlSyntaxException e) {
        List<String> errors = new ArrayList<>();
        if (text != null) {
            for (LintMark mark : LINTER.lint(display, text)) {
                if (mark.severity() == LintMark.Severity.ERROR && WorkspaceLinter.YAML.equals(mark.source())) {
                    errors.add(new Location(display, mark.line(), mark.column()) + ": " + mark.message());
                }
            }
        }
        if (errors.isEmpty()) {
            errors.add(e.location() + ": " + e.getMessage());
        }
        return errors;
    }

    /**
     * Keys written twice in one mapping: {@code fieldValidation=Strict} (what {@code kubectl apply} asks for) refuses
     * a body with a duplicate field, so Apply does too, at the later key's line, before anything is sent.
     */
    private static List<String> duplicateFields(YamlDoc doc, String kind, String name) {
        List<String> errors = new ArrayList<>();
        for (String pointer : doc.duplicateKeys()) {
            String key = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
            errors.add(doc.locateKey(pointer) + ": " + kind + " \"" + name + "\" is invalid: " + fieldPath(pointer)
                    + ": duplicate field \"" + key + "\" — the key is written twice in the same mapping; remove one of them");
        }
        return errors;
    }

    /** {@code /spec/template/spec/containers/0/image} → {@code spec.template.spec.containers[0].image}. */
    static String fieldPath(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String key = part.replace("~1", "/").replace("~0", "~");
            if (key.chars().allMatch(Character::isDigit)) {
                path.append('[').append(key).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(key);
            }
        }
        return path.toString();
    }

    /** {@code spec.template.spec.containers[0].image} → {@code /spec/template/spec/containers/0/image}. */
    static String pointer(String fieldPath) {
        StringBuilder pointer = new StringBuilder();
        for (String part : fieldPath.split("\\.")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            if (!key.isEmpty()) {
                pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
            }
            if (bracket >= 0) {
                for (String index : part.substring(bracket + 1).split("\\]\\[?")) {
                    if (!index.isEmpty()) {
                        pointer.append('/').append(index);
                    }
                }
            }
        }
        return pointer.toString();
    }

    /**
     * The server refused fields (Strict validation: an unknown field; or an invalid value): one error per field at
     * the line where the learner wrote it, in the editor's words when the editor's linter names the same field
     * ({@code deployment.yaml:6:3: Deployment "web" is invalid: spec.replica: unknown field "replica" in Deployment
     * spec (did you mean "replicas"?)}). Empty when the refusal names no field.
     */
    static List<String> locatedFieldErrors(YamlDoc doc, String kind, String name, KubernetesClientException e) {
        var status = e.getStatus();
        if (e.getCode() <= 0 || status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return List.of();
        }
        List<LintIssue> editor = MANIFESTS.lint(doc);
        List<String> errors = new ArrayList<>();
        for (StatusCause cause : status.getDetails().getCauses()) {
            String field = cause.getField();
            if (field == null || field.isBlank()) {
                return List.of();
            }
            String message = editor.stream().filter(i -> field.equals(i.path())).map(LintIssue::message).findFirst()
                    .orElse(cause.getMessage());
            errors.add(doc.locateKey(pointer(field)) + ": " + kind + " \"" + name + "\" is invalid: " + field + ": " + message);
        }
        return errors;
    }

    private static GenericKubernetesResource get(KubernetesClient client, String apiVersion, String kind, String namespace, String name) {
        var op = client.genericKubernetesResources(apiVersion, kind);
        return (namespace == null ? op.withName(name) : op.inNamespace(namespace).withName(name)).get();
    }

    /**
     * Which kinds are cluster-scoped: the server's discovery when it has it, else {@link PackReach#KNOWN_CLUSTER_SCOPED}
     * (either way a kind the server calls cluster-scoped is treated as such). One instance per apply.
     */
    private static final class Scopes {
        private final KubernetesClient client;
        private final Map<String, Map<String, Boolean>> byGroupVersion = new HashMap<>();

        Scopes(KubernetesClient client) {
            this.client = client;
        }

        boolean clusterScoped(String apiVersion, String kind) {
            if (PackReach.KNOWN_CLUSTER_SCOPED.contains(kind)) {
                return true;
            }
            Boolean namespaced = byGroupVersion.computeIfAbsent(apiVersion, this::discover).get(kind);
            return namespaced != null && !namespaced;
        }

        private Map<String, Boolean> discover(String apiVersion) {
            Map<String, Boolean> kinds = new HashMap<>();
            try {
                io.fabric8.kubernetes.api.model.APIResourceList list = client.getApiResources(apiVersion);
                if (list != null && list.getResources() != null) {
                    list.getResources().stream().filter(r -> r.getName() != null && !r.getName().contains("/"))
                            .forEach(r -> kinds.putIfAbsent(r.getKind(), Boolean.TRUE.equals(r.getNamespaced())));
                }
            } catch (KubernetesClientException e) {
                // a server without discovery for this group: the known list decides
            }
            return kinds;
        }
    }

    private static CreatedObjects record(ExerciseTarget target, KubernetesClient client) {
        return CreatedObjects.of(target.stateDir(), String.valueOf(client.getMasterUrl()));
    }

    private static String uidOf(HasMetadata created, java.util.function.Supplier<HasMetadata> reread) {
        String uid = created == null ? null : created.getMetadata().getUid();
        if (uid == null) {
            HasMetadata again = reread.get();
            uid = again == null ? null : again.getMetadata().getUid();
        }
        return uid == null ? "" : uid;
    }

    private static void serverSideApply(KubernetesClient client, GenericKubernetesResource object, boolean clusterScoped,
                                        String namespace) {
        var resource = clusterScoped ? client.resource(object) : client.resource(object).inNamespace(namespace);
        try {
            resource.fieldValidation(FieldValidateable.Validation.STRICT).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 415 && e.getCode() != 405 && e.getCode() != 404) {
                throw e;
            }
            // an API server without server-side apply (or one that does not create on apply): create, or replace what is there
            object.getMetadata().setResourceVersion(null);
            resource.fieldValidation(FieldValidateable.Validation.STRICT).createOr(NonDeletingOperation::update);
        }
    }

    /** kubectl-like: {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be >= 0}. */
    static String describeApplyError(String apiVersion, String kind, String name, KubernetesClientException e,
                                     KubernetesClient client) {
        if (e.getCode() <= 0 && String.valueOf(e.getMessage()).contains("Could not find the metadata for the given apiVersion and kind")) {
            // fabric8 found no such resource in the cluster's discovery: kubectl says "no matches for kind"
            return "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\" — the cluster does not serve it: "
                    + "check apiVersion and kind (`kubectl api-resources` lists what it serves), or install the CRD that defines it";
        }
        if (e.getCode() <= 0) {
            return KubeErrors.describe(e, client);
        }
        var status = e.getStatus();
        if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null
                && !status.getDetails().getCauses().isEmpty()) {
            StringBuilder text = new StringBuilder(kind + " \"" + name + "\" is invalid: ");
            List<String> causes = new ArrayList<>();
            for (StatusCause cause : status.getDetails().getCauses()) {
                causes.add((cause.getField() == null ? "" : cause.getField() + ": ") + cause.getMessage());
            }
            return text.append(String.join("; ", causes)).toString();
        }
        if (status != null && status.getMessage() != null) {
            return status.getMessage();
        }
        return KubeErrors.describe(e, client);
    }

    static List<Path> manifestFiles(Path fileOrDir) throws SandboxException {
        if (Files.isRegularFile(fileOrDir)) {
            return List.of(fileOrDir);
        }
        if (!Files.isDirectory(fileOrDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(fileOrDir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + fileOrDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what the lab's record says it created for this exercise, object by object, only while the object
     * still has the recorded UID: the namespace when the lab created it (never {@code default} or {@code kube-*}),
     * else the recorded objects in it, and the exercise's cluster-scoped objects. Progress names each deletion and
     * each object kept.
     */
    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        KubernetesClient client = kube(target).client();
        String ns = target.namespace();
        CreatedObjects record = record(target, client);
        try {
            List<CreatedObjects.Entry> mine = record.of(exercise.id());
            Namespace namespace = client.namespaces().withName(ns).get();
            boolean namespaceDeleted = false;
            if (namespace != null) {
                String uid = namespace.getMetadata().getUid();
                boolean ours = !PackReach.isProtectedNamespace(ns) && mine.stream().anyMatch(e -> e.kind().equals("Namespace")
                        && e.name().equals(ns) && e.uid().equals(uid));
                if (ours) {
                    progress.progress(0.2, "deleting namespace " + ns);
                    client.namespaces().withName(ns).delete();
                    client.namespaces().withName(ns).waitUntilCondition(n -> n == null, 90, TimeUnit.SECONDS);
                    progress.progress(0.6, "namespace " + ns + " deleted");
                    namespaceDeleted = true;
                } else {
                    progress.progress(0.2, "namespace " + ns + " kept: the lab did not create it; removing only the objects the lab created in it");
                }
            }
            for (CreatedObjects.Entry entry : mine) {
                if (entry.kind().equals("Namespace")) {
                    if (entry.name().equals(ns) && (namespace == null || namespaceDeleted)) {
                        record.remove(entry);
                    }
                    continue;
                }
                boolean inScope = entry.namespace().isEmpty() || entry.namespace().equals(ns);
                if (!inScope) {
                    continue;
                }
                if (namespaceDeleted && entry.namespace().equals(ns)) {
                    record.remove(entry);
                    continue;
                }
                String where = entry.kind() + " " + (entry.namespace().isEmpty() ? "" : entry.namespace() + "/") + entry.name();
                GenericKubernetesResource current;
                try {
                    current = get(client, entry.apiVersion(), entry.kind(), entry.namespace().isEmpty() ? null : entry.namespace(), entry.name());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    current = null;
                }
                List<String> sharers = entry.namespace().isEmpty() ? record.sharers(entry) : List.of();
                if (current == null) {
                    record.remove(entry);
                } else if (entry.uid().equals(current.getMetadata().getUid()) && !sharers.isEmpty()) {
                    record.remove(entry);
                    progress.progress(-1, where + " kept: exercise " + String.join(", ", sharers) + " still uses it");
                } else if (entry.uid().equals(current.getMetadata().getUid())) {
                    var op = client.genericKubernetesResources(entry.apiVersion(), entry.kind());
                    (entry.namespace().isEmpty() ? op.withName(entry.name()) : op.inNamespace(entry.namespace()).withName(entry.name())).delete();
                    record.remove(entry);
                    progress.progress(-1, where + " deleted");
                } else {
                    record.remove(entry);
                    progress.progress(-1, where + " kept: it is not the object the lab created (its UID differs)");
                }
            }
            progress.progress(1, "reset");
        } catch (KubernetesClientException e) {
            throw new SandboxException(KubeErrors.describe(e, client), e);
        }
    }

    private static KubernetesAccess kube(ExerciseTarget target) throws SandboxException {
        return target.sandbox().kubernetes().orElseThrow(() -> new SandboxException(
                "this exercise needs a Kubernetes sandbox, and " + target.sandbox().description() + " is not one"));
    }
}
