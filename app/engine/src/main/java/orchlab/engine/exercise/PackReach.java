package orchlab.engine.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.course.Exercise;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * What a pack may touch in a cluster (ADR 0009): namespaced objects in the exercise's own namespace; the
 * namespace itself is the lab's to create; cluster-scoped objects only of the kinds in
 * {@link #ALLOWED_CLUSTER_SCOPED}, only after the user agreed, and only when the lab creates them (an
 * existing object of that name is never changed). {@code default} and {@code kube-*} are never deleted.
 */
public final class PackReach {
    /** The only cluster-scoped kinds a pack may create, after the user agreed. */
    public static final Set<String> ALLOWED_CLUSTER_SCOPED = Set.of("CustomResourceDefinition", "IngressClass", "StorageClass");

    /**
     * Cluster-scoped kinds known without asking the server (used when the server has no discovery, and by
     * {@code lab course validate}, which has no server).
     */
    public static final Set<String> KNOWN_CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "IngressClass", "PriorityClass", "RuntimeClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding", "APIService", "CSIDriver", "CSINode", "VolumeAttachment",
            "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration", "ComponentStatus");

    /** The flag of {@code lab exercise start|reset} and {@code lab course test} that gives consent. */
    public static final String CONSENT_FLAG = "--allow-cluster-scoped";

    private PackReach() {
    }

    /** Namespaces the lab never deletes, whoever created them. */
    public static boolean isProtectedNamespace(String namespace) {
        return namespace.equals("default") || namespace.startsWith("kube-");
    }

    /** Why a {@code Namespace} object in an exercise's files is refused. */
    public static String namespaceRefused(String name, String exerciseNamespace) {
        return "Namespace " + name + " is refused: an exercise cannot create or change namespaces — the lab creates the"
                + " exercise's namespace" + (exerciseNamespace == null ? " (the exercise's id, or the one given with --namespace)"
                : " '" + exerciseNamespace + "'") + " itself; remove this object";
    }

    /**
     * The one rule for namespaces a pack names (ADR 0009): a setup object's {@code metadata.namespace}, a learner's
     * object, a check's {@code namespace} or {@code resource.namespace} may name only the namespace the exercise works
     * in. Empty when {@code written} is that namespace; otherwise why {@code what} is refused
     * ({@code ConfigMap settings names namespace 'kube-system', but this exercise works in 'web'}).
     */
    public static Optional<String> foreignNamespace(String what, String written, String exerciseNamespace) {
        if (written == null || written.equals(exerciseNamespace)) {
            return Optional.empty();
        }
        return Optional.of(what + " names namespace '" + written + "', but this exercise works in '" + exerciseNamespace + "'");
    }

    /** Why a cluster-scoped object of a kind outside the allow-list is refused. */
    public static String clusterScopedRefused(String kind, String name) {
        return kind + " " + name + " is refused: it is cluster-scoped and would change the whole cluster; a pack may create"
                + " only namespaced objects, plus CustomResourceDefinition, IngressClass and StorageClass with the user's consent";
    }

    private static final String OWN_FILE = "is cluster-wide, so Apply does not create it from your file";
    private static final java.util.regex.Pattern OWN_FILE_ERROR = java.util.regex.Pattern.compile(
            "^(.*?):(\\d+)(?::\\d+)?: (\\S+) (\\S+) " + java.util.regex.Pattern.quote(OWN_FILE));

    /**
     * Why a cluster-scoped object in the learner's own file (not the pack's) is not applied. The learner's Apply works
     * in the exercise's namespace only, whatever the kind: consent covers the pack's setup objects, which the learner
     * sees listed before they are created; an object of their own would outlive Reset or change what others on the
     * cluster use.
     */
    public static String clusterScopedInOwnFile(String kind, String name, String namespace) {
        return kind + " " + name + " " + OWN_FILE + ": your files apply only into the exercise's namespace '" + namespace
                + "', where Reset cleans up after you, and " + kind + " belongs to the whole cluster. Remove it from this file"
                + " (if the exercise needs it, its setup creates it)";
    }

    /** The object and its place when {@code error} (an apply error line) is {@link #clusterScopedInOwnFile}'s refusal. */
    public static Optional<ClusterObject> refusedInOwnFile(String error) {
        java.util.regex.Matcher m = OWN_FILE_ERROR.matcher(error);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterObject(m.group(3), m.group(4), new Location(m.group(1), Integer.parseInt(m.group(2)), 0)));
    }

    /** Why an allowed cluster-scoped object waits for consent. */
    public static String needsConsent(String kind, String name) {
        return kind + " " + name + " is cluster-scoped and changes the whole cluster: it is created only when you agree"
                + " (run with " + CONSENT_FLAG + ", or agree in the app); the lab removes it again on reset";
    }

    /** A cluster-scoped object an exercise's setup asks for, as the user is asked about it: {@code StorageClass fast}. */
    public record ClusterObject(String kind, String name, Location at) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    /**
     * The allowed cluster-scoped objects ({@link #ALLOWED_CLUSTER_SCOPED}) the exercise's setup would create, in file
     * order — what the app lists when it asks for consent before {@code start}. Files that cannot be read or parsed are
     * left out here; starting reports them at their line.
     */
    public static List<ClusterObject> clusterScopedSetup(Exercise exercise) {
        List<ClusterObject> objects = new ArrayList<>();
        for (String setup : exercise.setup()) {
            Path file = exercise.dir().resolve(setup);
            try {
                for (YamlDoc doc : YamlDoc.parseAll(setup, Files.readString(file))) {
                    String kind = doc.root().path("kind").asText("");
                    if (ALLOWED_CLUSTER_SCOPED.contains(kind)) {
                        objects.add(new ClusterObject(kind, doc.root().path("metadata").path("name").asText("(no name)"),
                                doc.locate("/kind")));
                    }
                }
            } catch (IOException | YamlSyntaxException | RuntimeException e) {
                // reported with its location when the setup is applied
            }
        }
        return List.copyOf(objects);
    }

    /** Why the lab does not touch an existing cluster-scoped object. */
    public static String foreignClusterObject(String kind, String name) {
        return kind + " " + name + " already exists and the lab did not create it: the lab does not change it"
                + " — rename the object in the exercise";
    }
}
