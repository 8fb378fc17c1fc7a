package orchlab.engine.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orchlab.engine.check.kinds.KubeErrors;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Kubernetes exercises: each works in its own namespace, created and labelled by the lab; apply is
 * server-side apply (kubectl's modern semantics) of the learner's YAML into that namespace; reset
 * deletes the lab's namespace, or — in a namespace the user chose — only objects carrying the lab's
 * exercise label.
 */
public final class KubernetesExerciseDriver implements ExerciseDriver {
    public static final String FIELD_MANAGER = "orchlab";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "IngressClass", "PriorityClass");
    private static final List<String[]> LABELLED_KINDS = List.of(
            new String[] {"apps/v1", "Deployment"}, new String[] {"apps/v1", "StatefulSet"}, new String[] {"apps/v1", "DaemonSet"},
            new String[] {"apps/v1", "ReplicaSet"}, new String[] {"batch/v1", "Job"}, new String[] {"batch/v1", "CronJob"},
            new String[] {"v1", "Pod"}, new String[] {"v1", "Service"}, new String[] {"v1", "ConfigMap"}, new String[] {"v1", "Secret"},
            new String[] {"v1", "PersistentVolumeClaim"}, new String[] {"v1", "ServiceAccount"},
            new String[] {"networking.k8s.io/v1", "Ingress"}, new String[] {"networking.k8s.io/v1", "NetworkPolicy"},
            new String[] {"rbac.authorization.k8s.io/v1", "Role"}, new String[] {"rbac.authorization.k8s.io/v1", "RoleBinding"},
            new String[] {"policy/v1", "PodDisruptionBudget"}, new String[] {"autoscaling/v2", "HorizontalPodAutoscaler"});

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        KubernetesClient client = kube(target).client();
        String ns = target.namespace();
        try {
            progress.progress(0.1, "namespace " + ns);
            waitWhileTerminating(client, ns);
            Namespace existing = client.namespaces().withName(ns).get();
            if (existing == null) {
                try {
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                            .withLabels(LabLabels.forExercise(exercise.id())).endMetadata().build()).create();
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
            progress.progress(1, "ready");
        } catch (KubernetesClientException e) {
            throw new SandboxException(KubeErrors.describe(e, client), e);
        }
    }

    private static void waitWhileTerminating(KubernetesClient client, String ns) throws SandboxException {
        Namespace existing = client.namespaces().withName(ns).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            client.namespaces().withName(ns).waitUntilCondition(n -> n == null, 90, TimeUnit.SECONDS);
        }
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
        for (Path file : files) {
            String display = base == null ? file.toString() : base.relativize(file).toString().replace('\\', '/');
            List<YamlDoc> docs;
            try {
                docs = YamlDoc.parseAll(display, Files.readString(file));
            } catch (YamlSyntaxException e) {
                errors.add(e.location() + ": " + e.getMessage());
                continue;
            } catch (IOException e) {
                errors.add(display + ": cannot read: " + e.getMessage());
                continue;
            }
            for (YamlDoc doc : docs) {
                applyOne(client, exercise, target.namespace(), doc, lines, errors);
            }
        }
        return new ApplyResult(lines, errors);
    }

    private void applyOne(KubernetesClient client, Exercise exercise, String namespace, YamlDoc doc,
                          List<String> lines, List<String> errors) {
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
        boolean clusterScoped = CLUSTER_SCOPED.contains(kind);
        String written = object.getMetadata().getNamespace();
        if (!clusterScoped && written != null && !written.equals(namespace)) {
            errors.add(at + ": " + kind + " " + object.getMetadata().getName() + " names namespace '" + written
                    + "', but this exercise works in '" + namespace + "' — remove metadata.namespace");
            return;
        }
        if (!clusterScoped) {
            object.getMetadata().setNamespace(namespace);
        }
        Map<String, String> labels = new HashMap<>(object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels());
        labels.putAll(LabLabels.forExercise(exercise.id()));
        object.getMetadata().setLabels(labels);
        String what = kind.toLowerCase(java.util.Locale.ROOT) + "/" + object.getMetadata().getName();
        try {
            boolean existed = exists(client, object, clusterScoped, namespace);
            serverSideApply(client, object, clusterScoped, namespace);
            lines.add(what + (existed ? " configured" : " created"));
        } catch (KubernetesClientException e) {
            errors.add(at + ": " + describeApplyError(kind, object.getMetadata().getName(), e, client));
        }
    }

    private static boolean exists(KubernetesClient client, HasMetadata object, boolean clusterScoped, String namespace) {
        var op = client.genericKubernetesResources(object.getApiVersion(), object.getKind());
        return (clusterScoped ? op.withName(object.getMetadata().getName())
                : op.inNamespace(namespace).withName(object.getMetadata().getName())).get() != null;
    }

    private static void serverSideApply(KubernetesClient client, GenericKubernetesResource object, boolean clusterScoped,
                                        String namespace) {
        var resource = clusterScoped ? client.resource(object) : client.resource(object).inNamespace(namespace);
        try {
            resource.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 415 && e.getCode() != 405 && e.getCode() != 404) {
                throw e;
            }
            // an API server without server-side apply (or one that does not create on apply): create, or replace what is there
            object.getMetadata().setResourceVersion(null);
            resource.createOr(NonDeletingOperation::update);
        }
    }

    /** kubectl-like: {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be >= 0}. */
    static String describeApplyError(String kind, String name, KubernetesClientException e, KubernetesClient client) {
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

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        KubernetesClient client = kube(target).client();
        String ns = target.namespace();
        try {
            Namespace namespace = client.namespaces().withName(ns).get();
            if (namespace == null) {
                return;
            }
            Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
            if (LabLabels.MANAGED_BY_VALUE.equals(labels.get(LabLabels.MANAGED_BY)) && exercise.id().equals(labels.get(LabLabels.EXERCISE))) {
                progress.progress(0.2, "deleting namespace " + ns);
                client.namespaces().withName(ns).delete();
                client.namespaces().withName(ns).waitUntilCondition(n -> n == null, 90, TimeUnit.SECONDS);
            } else {
                // a namespace the user chose: remove only what carries this exercise's label
                for (String[] kind : LABELLED_KINDS) {
                    try {
                        client.genericKubernetesResources(kind[0], kind[1]).inNamespace(ns)
                                .withLabel(LabLabels.EXERCISE, exercise.id()).delete();
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 404) {
                            throw e;
                        }
                    }
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
