package orchlab.engine.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.istio.IstioCrds;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Istio's API on a cluster that does not serve it (issue 12, ADR 0009). An exercise whose setup, starter, solution or
 * checks use {@code networking.istio.io}, {@code security.istio.io} or {@code telemetry.istio.io} needs Istio's
 * CustomResourceDefinitions; the simulated cluster has them from its start, a bare k3s or a learner's cluster has
 * them only when Istio is installed. When they are missing the lab registers {@link IstioCrds#definitions()} — only
 * the kinds the cluster does not serve (a cluster with Istio keeps its own CRDs, which are never replaced), only
 * after the user agreed to cluster-scoped objects, and recorded with their UIDs in {@link CreatedObjects} so that
 * Reset removes them again. Several exercises can share them: each start on a cluster where the lab's CRDs are
 * there records the exercise as one more user, and Reset deletes a CRD only when no other exercise still uses it.
 */
final class IstioApiOnCluster {

    /** Istio's API groups the lab can register. */
    static final Set<String> GROUPS = Set.of("networking.istio.io", "security.istio.io", "telemetry.istio.io");

    static final String CRD_API_VERSION = "apiextensions.k8s.io/v1";
    static final String CRD_KIND = "CustomResourceDefinition";

    /** Where the consent dialog says the objects come from (they are in no file of the pack). */
    static final String SOURCE = "Istio " + IstioCrds.ISTIO_VERSION + " API, added by the lab";

    private static final long ESTABLISHED_SECONDS = 60;

    private IstioApiOnCluster() {
    }

    /** Whether the exercise uses Istio's API: an {@code istio-analyze} check, or an Istio apiVersion in its checks or files. */
    static boolean usedBy(Exercise exercise) {
        for (CheckSpec check : exercise.checks()) {
            if (check.kind().equals("istio-analyze") || mentionsIstio(check.config())) {
                return true;
            }
        }
        List<Path> files = new ArrayList<>();
        exercise.setup().forEach(s -> files.add(exercise.dir().resolve(s)));
        files.add(exercise.starterDir());
        files.add(exercise.solutionDir());
        for (Path fileOrDir : files) {
            List<Path> manifests;
            try {
                manifests = KubernetesExerciseDriver.manifestFiles(fileOrDir);
            } catch (SandboxException e) {
                continue;
            }
            for (Path file : manifests) {
                try {
                    for (YamlDoc doc : YamlDoc.parseAll(file.getFileName().toString(), Files.readString(file))) {
                        if (isIstio(doc.root().path("apiVersion").asText(""))) {
                            return true;
                        }
                    }
                } catch (IOException | YamlSyntaxException | RuntimeException e) {
                    // a file that cannot be read is reported at its line when it is applied
                }
            }
        }
        return false;
    }

    private static boolean mentionsIstio(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (field.getKey().equals("apiVersion") && isIstio(field.getValue().asText(""))) {
                    return true;
                }
                if (mentionsIstio(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (mentionsIstio(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isIstio(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash > 0 && GROUPS.contains(apiVersion.substring(0, slash).trim());
    }

    /**
     * The lab's Istio CRDs whose kind the cluster does not serve in any version, asked through discovery (which every
     * user may read, unlike the CRDs themselves); empty when Istio, or the lab's Istio API, is there.
     */
    static List<ObjectNode> missing(KubernetesClient client) {
        Map<String, Set<String>> served = new HashMap<>();
        List<ObjectNode> missing = new ArrayList<>();
        for (ObjectNode crd : IstioCrds.definitions()) {
            String group = crd.path("spec").path("group").asText();
            String plural = crd.path("spec").path("names").path("plural").asText();
            if (!served.computeIfAbsent(group, g -> servedResources(client, g)).contains(plural)) {
                missing.add(crd);
            }
        }
        return missing;
    }

    private static Set<String> servedResources(KubernetesClient client, String group) {
        Set<String> plurals = new HashSet<>();
        APIGroup apiGroup;
        try {
            apiGroup = client.getApiGroup(group);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return plurals;
            }
            throw e;
        }
        if (apiGroup == null || apiGroup.getVersions() == null) {
            return plurals;
        }
        for (GroupVersionForDiscovery version : apiGroup.getVersions()) {
            APIResourceList resources = client.getApiResources(version.getGroupVersion());
            if (resources != null && resources.getResources() != null) {
                resources.getResources().stream().filter(r -> r.getName() != null && !r.getName().contains("/"))
                        .forEach(r -> plurals.add(r.getName()));
            }
        }
        return plurals;
    }

    static String name(ObjectNode crd) {
        return crd.path("metadata").path("name").asText();
    }

    /** The missing CRDs as the consent dialog lists them. */
    static List<PackReach.ClusterObject> asClusterObjects(List<ObjectNode> missing) {
        return missing.stream().map(crd -> new PackReach.ClusterObject(CRD_KIND, name(crd), Location.ofFile(SOURCE))).toList();
    }

    /** Why an exercise does not start: it needs Istio's API, the cluster does not serve it and the user has not agreed. */
    static String consentNeeded(Exercise exercise, List<ObjectNode> missing) {
        Set<String> groups = missing.stream().map(c -> c.path("spec").path("group").asText())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return exercise.id() + " uses Istio's API (" + String.join(", ", groups.stream().sorted().toList())
                + "), and this cluster does not serve it: Istio is not installed. The lab can add Istio "
                + IstioCrds.ISTIO_VERSION + "'s API itself — " + missing.size() + " CustomResourceDefinitions, which are"
                + " cluster-wide — but only when you agree: run with " + PackReach.CONSENT_FLAG + " (or agree in the app)."
                + " Reset removes them again. Or install Istio on the cluster and start again.";
    }

    /**
     * Registers the missing CRDs (the caller has the user's consent), records each with its UID for this exercise and
     * waits until the cluster serves them ({@code Established}), so that the setup can use them at once. A CRD that
     * appeared meanwhile (409) is someone else's and is left alone.
     */
    static void register(KubernetesClient client, Exercise exercise, CreatedObjects record, List<ObjectNode> missing,
                         ProgressListener progress) throws SandboxException {
        var crds = client.genericKubernetesResources(CRD_API_VERSION, CRD_KIND);
        List<String> created = new ArrayList<>();
        for (ObjectNode crd : missing) {
            String name = name(crd);
            // the definitions carry the lab's labels (managed-by orchlab, orchlab.dev/istio-crds), for people and
            // `kubectl get crd -l`; the record, not a label, decides what Reset removes
            ((ObjectNode) crd.path("metadata")).with("labels").put(LabLabels.MANAGED_BY, LabLabels.MANAGED_BY_VALUE);
            GenericKubernetesResource object = client.getKubernetesSerialization().convertValue(crd, GenericKubernetesResource.class);
            GenericKubernetesResource made;
            try {
                made = crds.resource(object).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    progress.progress(-1, "CustomResourceDefinition " + name + " kept: it appeared meanwhile and the lab did not create it");
                    continue;
                }
                throw e;
            }
            String uid = made == null || made.getMetadata().getUid() == null ? uidOf(client, name) : made.getMetadata().getUid();
            record.add(new CreatedObjects.Entry(exercise.id(), CRD_API_VERSION, CRD_KIND, "", name, uid));
            created.add(name);
            progress.progress(-1, "CustomResourceDefinition " + name + " created (Istio " + IstioCrds.ISTIO_VERSION + " API)");
        }
        for (String name : created) {
            if (established(crds.withName(name).get())) {
                continue; // usually so by the time all are created: no watch needed
            }
            try {
                crds.withName(name).waitUntilCondition(IstioApiOnCluster::established, ESTABLISHED_SECONDS, TimeUnit.SECONDS);
            } catch (KubernetesClientTimeoutException e) {
                throw new SandboxException("the cluster did not serve CustomResourceDefinition " + name + " within "
                        + ESTABLISHED_SECONDS + " s (its Established condition stayed false) — check the cluster's API server", e);
            }
        }
    }

    /**
     * Records this exercise as one more user of Istio CRDs that the lab registered for another exercise (same object,
     * same UID), so that that exercise's Reset keeps them while this one needs them. CRDs the lab did not create are
     * not recorded.
     */
    static void share(KubernetesClient client, Exercise exercise, CreatedObjects record) throws SandboxException {
        for (ObjectNode crd : IstioCrds.definitions()) {
            String name = name(crd);
            var entry = record.find(CRD_API_VERSION, CRD_KIND, "", name);
            if (entry.isEmpty() || entry.get().exercise().equals(exercise.id())) {
                continue;
            }
            String uid;
            try {
                uid = uidOf(client, name);
            } catch (KubernetesClientException e) {
                continue; // not readable: the other exercise's Reset decides alone
            }
            if (uid.equals(entry.get().uid())) {
                record.share(new CreatedObjects.Entry(exercise.id(), CRD_API_VERSION, CRD_KIND, "", name, uid));
            }
        }
    }

    private static String uidOf(KubernetesClient client, String name) {
        GenericKubernetesResource now = client.genericKubernetesResources(CRD_API_VERSION, CRD_KIND).withName(name).get();
        return now == null || now.getMetadata().getUid() == null ? "" : now.getMetadata().getUid();
    }

    private static boolean established(GenericKubernetesResource crd) {
        if (crd == null) {
            return false;
        }
        Object status = crd.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m && "Established".equals(m.get("type"))
                && "True".equals(m.get("status")));
    }
}
