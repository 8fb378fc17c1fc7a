package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import orchlab.sim.admission.Defaulter;
import orchlab.sim.admission.SidecarInjector;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * The StatefulSet controller, after kubernetes/kubernetes {@code pkg/controller/statefulset}
 * ({@code stateful_set_control.go}, {@code stateful_set_utils.go}, {@code stateful_pod_control.go}, v1.32):
 * <ul>
 *   <li><b>identity</b>: the Pods of set {@code db} are {@code db-<ordinal>} for ordinals
 *       {@code spec.ordinals.start .. start+replicas-1}; each has {@code hostname} = its name, {@code subdomain} =
 *       {@code spec.serviceName} and the labels {@code statefulset.kubernetes.io/pod-name},
 *       {@code apps.kubernetes.io/pod-index} and {@code controller-revision-hash};</li>
 *   <li><b>storage</b>: before each Pod, one claim per {@code volumeClaimTemplates} entry, named
 *       {@code <template>-<set>-<ordinal>} and labelled with the selector's {@code matchLabels}; an existing claim is
 *       reused, so an ordinal that comes back finds its data; {@code persistentVolumeClaimRetentionPolicy}
 *       {@code whenDeleted: Delete} makes the set the claim's owner, {@code whenScaled: Delete} makes a condemned
 *       Pod its owner (the garbage collector then removes it), {@code Retain} (the default) leaves it alone;</li>
 *   <li><b>OrderedReady</b> (the default): one Pod at a time, lowest ordinal first, each after the one before is
 *       Running and Ready (for {@code minReadySeconds}); scale-down removes the highest ordinal first, one at a
 *       time, only while every Pod is healthy. <b>Parallel</b>: all missing Pods at once, all condemned ones at once;</li>
 *   <li><b>revisions</b>: a {@code ControllerRevision} {@code <set>-<hash>} holds the patch
 *       {@code {"spec":{"template":{...,"$patch":"replace"}}}}; an unchanged template reuses the newest one, a
 *       template equal to an older one (a {@code kubectl rollout undo}) bumps that revision's number; a name taken by
 *       a different revision raises {@code status.collisionCount}; history beyond {@code revisionHistoryLimit} that
 *       no Pod uses is deleted;</li>
 *   <li><b>updates</b>: {@code RollingUpdate} deletes the highest-ordinal Pod not at the update revision, down to
 *       {@code partition}, one at a time and only when the Pods above are healthy (it is recreated at the update
 *       revision; ordinals below the partition are recreated at the current revision); {@code OnDelete} updates a Pod
 *       only when someone deletes it;</li>
 *   <li><b>status</b>: every field of {@code computeReplicaStatus} and {@code completeRollingUpdate};</li>
 *   <li><b>events</b> in {@code recordPodEvent}/{@code recordClaimEvent}'s words, e.g. {@code create Pod db-0 in
 *       StatefulSet db successful} (SuccessfulCreate) and {@code create Claim data-db-0 Pod db-0 in StatefulSet db
 *       success}.</li>
 * </ul>
 */
public final class StatefulSetReconciler implements Reconciler {

    static final String COMPONENT = "statefulset-controller";
    static final String REVISION_LABEL = "controller-revision-hash";
    static final String HASH_LABEL = "controller.kubernetes.io/hash";
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final SimContext ctx;

    public StatefulSetReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("StatefulSet") && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(name(), event.namespace(), event.name()));
        }
        if (event.kind().equals("Pod") || event.kind().equals("ControllerRevision")) {
            SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals("StatefulSet"))
                    .ifPresent(r -> enqueue.accept(new ControllerManager.Key(name(), event.namespace(), r.path("name").asText())));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.statefulSets, null, o -> true)
                .forEach(o -> enqueue.accept(new ControllerManager.Key(name(), Json.namespace(o), Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        Optional<ObjectNode> found = ctx.get(ctx.statefulSets, key.namespace(), key.name());
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        ObjectNode set = found.get();
        int[] collisionCount = {set.path("status").path("collisionCount").asInt(0)};
        List<ObjectNode> revisions = revisions(set);
        ObjectNode updateRevision = updateRevision(set, revisions, collisionCount);
        ObjectNode currentRevision = revisions.stream()
                .filter(r -> Json.name(r).equals(set.path("status").path("currentRevision").asText()))
                .findFirst().orElse(updateRevision);
        try {
            sync(key, set, currentRevision, updateRevision);
        } finally {
            writeStatus(set, currentRevision, updateRevision, collisionCount[0]);
            truncateHistory(set, currentRevision, updateRevision);
        }
    }

    // ---- pods and claims ------------------------------------------------------------------------------------

    private void sync(ControllerManager.Key key, ObjectNode set, ObjectNode currentRevision, ObjectNode updateRevision) {
        String setName = Json.name(set);
        int replicaCount = set.path("spec").path("replicas").asInt(1);
        int start = set.path("spec").path("ordinals").path("start").asInt(0);
        boolean monotonic = !"Parallel".equals(set.path("spec").path("podManagementPolicy").asText("OrderedReady"));
        int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
        ObjectNode[] replicas = new ObjectNode[replicaCount];
        List<ObjectNode> condemned = new ArrayList<>();
        for (ObjectNode pod : ctx.ownedBy(ctx.pods, set)) {
            int ordinal = ordinal(setName, pod);
            if (ordinal < 0) {
                continue; // not one of this set's identities (getParentNameAndOrdinal fails): left alone
            }
            if (ordinal >= start && ordinal < start + replicaCount) {
                replicas[ordinal - start] = pod;
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt(p -> ordinal(setName, p)));

        boolean unhealthySeen = false;
        for (int i = 0; i < replicaCount; i++) {
            int ordinal = start + i;
            ObjectNode pod = replicas[i];
            if (pod != null && isFailedOrSucceeded(pod)) {
                if (!terminating(pod)) {
                    deletePod(set, pod);
                }
                // the replacement is made once the old Pod is gone
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (pod == null) {
                ObjectNode versioned = versionedPod(set, currentRevision, updateRevision, ordinal);
                createClaims(set, versioned, ordinal);
                replicas[i] = createPod(set, versioned);
                if (monotonic) {
                    return;
                }
                continue;
            }
            updateClaimOwners(set, pod, false);
            if (terminating(pod) && monotonic) {
                return; // waits for the Pod to be gone before it is recreated
            }
            if (!healthy(pod, minReadySeconds, key)) {
                unhealthySeen = true;
                if (monotonic) {
                    return; // "StatefulSet is waiting for Pod to be Running and Ready"
                }
            }
        }
        // condemned Pods: highest ordinal first; OrderedReady deletes one at a time, and only while all are healthy
        for (int t = condemned.size() - 1; t >= 0; t--) {
            ObjectNode pod = condemned.get(t);
            if (terminating(pod)) {
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && !SimContext.podReady(pod) && (unhealthySeen || t != firstUnhealthy(condemned))) {
                return;
            }
            updateClaimOwners(set, pod, true);
            deletePod(set, pod);
            if (monotonic) {
                return;
            }
        }
        if (unhealthySeen && monotonic) {
            return;
        }
        JsonNode strategy = set.path("spec").path("updateStrategy");
        if ("OnDelete".equals(strategy.path("type").asText("RollingUpdate"))) {
            return; // Pods take the update revision only when someone deletes them
        }
        int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
        String update = Json.name(updateRevision);
        for (int target = replicaCount - 1; target >= partition; target--) {
            ObjectNode pod = replicas[target];
            if (pod == null) {
                return;
            }
            if (!update.equals(revisionOf(pod)) && !terminating(pod)) {
                deletePod(set, pod);
                return;
            }
            if (!healthy(pod, minReadySeconds, key)) {
                return; // waits for the updated Pod before the next
            }
        }
    }

    private static int firstUnhealthy(List<ObjectNode> condemned) {
        for (int i = 0; i < condemned.size(); i++) {
            if (!SimContext.podReady(condemned.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private boolean healthy(ObjectNode pod, int minReadySeconds, ControllerManager.Key key) {
        return "Running".equals(pod.path("status").path("phase").asText()) && SimContext.podReady(pod)
                && ReplicaSetReconciler.available(ctx, pod, minReadySeconds, key);
    }

    private static boolean terminating(JsonNode pod) {
        return pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    private static boolean isFailedOrSucceeded(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText();
        return phase.equals("Failed") || phase.equals("Succeeded");
    }

    /** The ordinal of a Pod named {@code <set>-<n>}, or -1 when the name is not one of the set's identities. */
    static int ordinal(String setName, JsonNode pod) {
        String name = Json.name(pod);
        if (!name.startsWith(setName + "-")) {
            return -1;
        }
        String rest = name.substring(setName.length() + 1);
        if (rest.isEmpty() || !rest.chars().allMatch(Character::isDigit) || rest.length() > 9) {
            return -1;
        }
        return Integer.parseInt(rest);
    }

    static String revisionOf(JsonNode pod) {
        return pod.path("metadata").path("labels").path(REVISION_LABEL).asText("");
    }

    /**
     * {@code newVersionedStatefulSetPod}: an ordinal below the partition is made from the current revision, any
     * other from the update revision.
     */
    private ObjectNode versionedPod(ObjectNode set, ObjectNode currentRevision, ObjectNode updateRevision, int ordinal) {
        JsonNode strategy = set.path("spec").path("updateStrategy");
        boolean rolling = "RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"));
        boolean current = rolling && strategy.path("rollingUpdate").has("partition")
                && ordinal < strategy.path("rollingUpdate").path("partition").asInt(0);
        ObjectNode revision = current ? currentRevision : updateRevision;
        ObjectNode versioned = set.deepCopy();
        ((ObjectNode) versioned.get("spec")).set("template", revision.path("data").path("spec").path("template").deepCopy());
        ((ObjectNode) versioned.path("spec").path("template")).remove("$patch");
        String podName = Json.name(set) + "-" + ordinal;
        ObjectNode labels = Json.with(versioned, "spec.template.metadata.labels");
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        labels.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
        labels.put(REVISION_LABEL, Json.name(revision));
        ObjectNode podSpec = Json.with(versioned, "spec.template.spec");
        podSpec.put("hostname", podName);
        if (!set.path("spec").path("serviceName").asText("").isEmpty()) {
            podSpec.put("subdomain", set.path("spec").path("serviceName").asText());
        }
        for (JsonNode claim : set.path("spec").path("volumeClaimTemplates")) {
            String template = claim.path("metadata").path("name").asText();
            ArrayNode volumes = podSpec.withArray("volumes");
            for (int v = volumes.size() - 1; v >= 0; v--) {
                if (template.equals(volumes.get(v).path("name").asText())) {
                    volumes.remove(v); // updateStorage: the claim replaces a template volume of the same name
                }
            }
            ObjectNode volume = volumes.addObject();
            volume.put("name", template);
            volume.putObject("persistentVolumeClaim").put("claimName", claimName(template, Json.name(set), ordinal));
        }
        versioned.put("podName", podName);
        return versioned;
    }

    static String claimName(String template, String setName, int ordinal) {
        return template + "-" + setName + "-" + ordinal;
    }

    private ObjectNode createPod(ObjectNode set, ObjectNode versioned) {
        String podName = versioned.path("podName").asText();
        JsonNode template = versioned.path("spec").path("template");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", podName);
        metadata.put("namespace", Json.namespace(set));
        metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        if (template.path("metadata").has("annotations")) {
            metadata.set("annotations", template.path("metadata").path("annotations").deepCopy());
        }
        metadata.set("ownerReferences", SimContext.ownerReference(set));
        pod.set("spec", template.path("spec").deepCopy());
        new SidecarInjector(ctx.store, ctx.namespaces).admit(pod);
        Defaulter.apply(pod);
        Defaulter.podSpec((ObjectNode) pod.get("spec"), true);
        try {
            orchlab.sim.admission.Admission.limitRanges(ctx.store, pod);
            ctx.podSecurity.admitPod(pod, null);
            ctx.quotas.admitCreate(ctx.pods, pod);
            ObjectNode created = ctx.store.create(ctx.pods, pod);
            podEvent(set, "create", podName, null);
            return created;
        } catch (ApiException e) {
            podEvent(set, "create", podName, e.getMessage());
            throw e;
        }
    }

    private void deletePod(ObjectNode set, ObjectNode pod) {
        try {
            ctx.store.delete(ctx.pods, Json.namespace(pod), Json.name(pod));
            podEvent(set, "delete", Json.name(pod), null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                podEvent(set, "delete", Json.name(pod), e.getMessage());
                throw e;
            }
        }
    }

    /** {@code recordPodEvent}'s words. */
    private void podEvent(ObjectNode set, String verb, String podName, String error) {
        String reason = (error == null ? "Successful" : "Failed") + Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (error == null) {
            ctx.events.normal(set, reason, verb + " Pod " + podName + " in StatefulSet " + Json.name(set) + " successful", COMPONENT);
        } else {
            ctx.events.warning(set, reason, verb + " Pod " + podName + " in StatefulSet " + Json.name(set) + " failed error: "
                    + error, COMPONENT);
        }
    }

    /** {@code createPersistentVolumeClaims}: the claims a Pod needs, created when missing, before the Pod. */
    private void createClaims(ObjectNode set, ObjectNode versioned, int ordinal) {
        String podName = versioned.path("podName").asText();
        for (JsonNode template : set.path("spec").path("volumeClaimTemplates")) {
            String claimName = claimName(template.path("metadata").path("name").asText(), Json.name(set), ordinal);
            if (ctx.get(ctx.pvcs, Json.namespace(set), claimName).isPresent()) {
                continue; // the ordinal's claim from before: its data comes back with it
            }
            ObjectNode pvc = Json.object();
            pvc.put("apiVersion", "v1");
            pvc.put("kind", "PersistentVolumeClaim");
            ObjectNode metadata = pvc.putObject("metadata");
            metadata.put("name", claimName);
            metadata.put("namespace", Json.namespace(set));
            ObjectNode labels = metadata.putObject("labels");
            if (template.path("metadata").path("labels").isObject()) {
                labels.setAll((ObjectNode) template.path("metadata").path("labels").deepCopy());
            }
            if (set.path("spec").path("selector").path("matchLabels").isObject()) {
                labels.setAll((ObjectNode) set.path("spec").path("selector").path("matchLabels").deepCopy());
            }
            if (template.path("metadata").path("annotations").isObject()) {
                metadata.set("annotations", template.path("metadata").path("annotations").deepCopy());
            }
            if ("Delete".equals(set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asText())) {
                metadata.set("ownerReferences", setOwner(set));
            }
            pvc.set("spec", template.path("spec").deepCopy());
            pvc.putObject("status").put("phase", "Pending");
            try {
                ctx.quotas.admitCreate(ctx.pvcs, pvc);
                ctx.store.create(ctx.pvcs, pvc);
            } catch (ApiException e) {
                // recordClaimEvent: no Pod without its claim; the next sync tries again
                ctx.events.warning(set, "FailedCreate", "create Claim " + claimName + " for Pod " + podName + " in StatefulSet "
                        + Json.name(set) + " failed error: " + e.getMessage(), COMPONENT);
                throw e;
            }
            ctx.events.normal(set, "SuccessfulCreate", "create Claim " + claimName + " Pod " + podName + " in StatefulSet "
                    + Json.name(set) + " success", COMPONENT);
        }
    }

    private static ArrayNode setOwner(ObjectNode set) {
        ArrayNode refs = SimContext.ownerReference(set);
        ((ObjectNode) refs.get(0)).put("controller", false);
        return refs;
    }

    /**
     * {@code updateClaimOwnerRefForSetAndPod}: the set owns the claim when {@code whenDeleted: Delete}; a condemned
     * Pod owns it when {@code whenScaled: Delete}; an ordinal that is back in range takes the Pod's ownership away.
     */
    private void updateClaimOwners(ObjectNode set, ObjectNode pod, boolean condemned) {
        JsonNode policy = set.path("spec").path("persistentVolumeClaimRetentionPolicy");
        boolean setOwns = "Delete".equals(policy.path("whenDeleted").asText());
        boolean podOwns = condemned && "Delete".equals(policy.path("whenScaled").asText());
        int ordinal = ordinal(Json.name(set), pod);
        for (JsonNode template : set.path("spec").path("volumeClaimTemplates")) {
            String claimName = claimName(template.path("metadata").path("name").asText(), Json.name(set), ordinal);
            Optional<ObjectNode> claim = ctx.get(ctx.pvcs, Json.namespace(set), claimName);
            if (claim.isEmpty()) {
                continue;
            }
            ArrayNode wanted = Json.array();
            for (JsonNode ref : claim.get().path("metadata").path("ownerReferences")) {
                String uid = ref.path("uid").asText();
                if (!uid.equals(Json.uid(set)) && !uid.equals(Json.uid(pod))) {
                    wanted.add(ref);
                }
            }
            if (setOwns) {
                wanted.add(setOwner(set).get(0));
            }
            if (podOwns) {
                ObjectNode ref = wanted.addObject();
                ref.put("apiVersion", "v1");
                ref.put("kind", "Pod");
                ref.put("name", Json.name(pod));
                ref.put("uid", Json.uid(pod));
            }
            JsonNode had = claim.get().path("metadata").path("ownerReferences");
            if (!wanted.equals(had.isMissingNode() ? Json.array() : had)) {
                ObjectNode copy = claim.get().deepCopy();
                if (wanted.isEmpty()) {
                    Json.metadata(copy).remove("ownerReferences");
                } else {
                    Json.metadata(copy).set("ownerReferences", wanted);
                }
                ctx.store.update(ctx.pvcs, copy);
                ctx.events.normal(set, "SuccessfulUpdate", "update Claim " + claimName + " Pod " + Json.name(pod)
                        + " in StatefulSet " + Json.name(set) + " success", COMPONENT);
            }
        }
    }

    // ---- revisions ------------------------------------------------------------------------------------------

    private List<ObjectNode> revisions(ObjectNode set) {
        List<ObjectNode> revisions = new ArrayList<>(ctx.ownedBy(ctx.controllerRevisions, set));
        revisions.sort(Comparator.comparingLong((ObjectNode r) -> r.path("revision").asLong()).thenComparing(Json::name));
        return revisions;
    }

    /** {@code getPatch}: the part of the set a revision records, the template replacing the set's whole template. */
    static ObjectNode patch(ObjectNode set) {
        ObjectNode data = Json.object();
        ObjectNode template = set.path("spec").path("template").deepCopy();
        template.put("$patch", "replace");
        data.putObject("spec").set("template", template);
        return data;
    }

    /**
     * {@code HashControllerRevision}: FNV-32 over the revision's data and, when there were collisions, the collision
     * count; the number's decimal digits mapped onto {@code rand.SafeEncodeString}'s alphabet.
     */
    static String hash(ObjectNode data, int collisionCount) {
        int hash = 0x811c9dc5;
        String text = Json.write(data) + (collisionCount > 0 ? String.valueOf(collisionCount) : "");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash *= 0x01000193;
            hash ^= b & 0xff;
        }
        String digits = Long.toString(Integer.toUnsignedLong(hash));
        StringBuilder out = new StringBuilder();
        for (char c : digits.toCharArray()) {
            out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }

    /** {@code getStatefulSetRevisions}: reuse, roll back to, or create the revision of the set's template. */
    private ObjectNode updateRevision(ObjectNode set, List<ObjectNode> revisions, int[] collisionCount) {
        ObjectNode data = patch(set);
        List<ObjectNode> equal = revisions.stream().filter(r -> data.equals(r.path("data"))).toList();
        long next = revisions.isEmpty() ? 1 : revisions.get(revisions.size() - 1).path("revision").asLong() + 1;
        if (!equal.isEmpty()) {
            ObjectNode newestEqual = equal.get(equal.size() - 1);
            if (newestEqual == revisions.get(revisions.size() - 1)) {
                return newestEqual; // the template did not change
            }
            ObjectNode bumped = newestEqual.deepCopy(); // a rollback: the old revision becomes the newest
            bumped.put("revision", next);
            return ctx.store.update(ctx.controllerRevisions, bumped);
        }
        while (true) {
            String name = Json.name(set) + "-" + hash(data, collisionCount[0]);
            Optional<ObjectNode> taken = ctx.get(ctx.controllerRevisions, Json.namespace(set), name);
            if (taken.isPresent()) {
                if (data.equals(taken.get().path("data")) && SimContext.controllerUid(taken.get()).map(Json.uid(set)::equals).orElse(false)) {
                    return taken.get();
                }
                collisionCount[0]++; // the name belongs to another revision: hash again with the count
                continue;
            }
            ObjectNode revision = Json.object();
            revision.put("apiVersion", "apps/v1");
            revision.put("kind", "ControllerRevision");
            ObjectNode metadata = revision.putObject("metadata");
            metadata.put("name", name);
            metadata.put("namespace", Json.namespace(set));
            ObjectNode labels = metadata.putObject("labels");
            if (set.path("spec").path("template").path("metadata").path("labels").isObject()) {
                labels.setAll((ObjectNode) set.path("spec").path("template").path("metadata").path("labels").deepCopy());
            }
            labels.put(HASH_LABEL, hash(data, collisionCount[0]));
            if (set.path("metadata").path("annotations").isObject() && !set.path("metadata").path("annotations").isEmpty()) {
                ObjectNode annotations = set.path("metadata").path("annotations").deepCopy();
                annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
                if (!annotations.isEmpty()) {
                    metadata.set("annotations", annotations);
                }
            }
            metadata.set("ownerReferences", SimContext.ownerReference(set));
            revision.set("data", data);
            revision.put("revision", next);
            return ctx.store.create(ctx.controllerRevisions, revision);
        }
    }

    /** {@code truncateHistory}: revisions no Pod uses, beyond {@code revisionHistoryLimit}, oldest first. */
    private void truncateHistory(ObjectNode set, ObjectNode currentRevision, ObjectNode updateRevision) {
        Set<String> live = new HashSet<>();
        live.add(Json.name(currentRevision));
        live.add(Json.name(updateRevision));
        ctx.ownedBy(ctx.pods, set).forEach(p -> live.add(revisionOf(p)));
        List<ObjectNode> history = revisions(set).stream().filter(r -> !live.contains(Json.name(r))).toList();
        int limit = set.path("spec").path("revisionHistoryLimit").asInt(10);
        for (int i = 0; i < history.size() - limit; i++) {
            ctx.store.delete(ctx.controllerRevisions, Json.namespace(set), Json.name(history.get(i)));
        }
    }

    // ---- status ---------------------------------------------------------------------------------------------

    /** {@code computeReplicaStatus} over the set's Pods now, then {@code completeRollingUpdate}. */
    private void writeStatus(ObjectNode set, ObjectNode currentRevision, ObjectNode updateRevision, int collisionCount) {
        Optional<ObjectNode> fresh = ctx.get(ctx.statefulSets, Json.namespace(set), Json.name(set));
        if (fresh.isEmpty()) {
            return;
        }
        int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
        ControllerManager.Key key = new ControllerManager.Key(name(), Json.namespace(set), Json.name(set));
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (ObjectNode pod : ctx.ownedBy(ctx.pods, set)) {
            if (ordinal(Json.name(set), pod) < 0) {
                continue;
            }
            boolean created = !pod.path("status").path("phase").asText("").isEmpty();
            if (created) {
                replicas++;
            }
            if ("Running".equals(pod.path("status").path("phase").asText()) && SimContext.podReady(pod)) {
                ready++;
                if (ReplicaSetReconciler.available(ctx, pod, minReadySeconds, key)) {
                    available++;
                }
            }
            if (created && !terminating(pod)) {
                current += revisionOf(pod).equals(Json.name(currentRevision)) ? 1 : 0;
                updated += revisionOf(pod).equals(Json.name(updateRevision)) ? 1 : 0;
            }
        }
        String currentName = Json.name(currentRevision);
        if ("RollingUpdate".equals(set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"))
                && updated == replicas && ready == replicas) {
            current = updated;
            currentName = Json.name(updateRevision);
        }
        ObjectNode status = Json.object();
        status.put("observedGeneration", set.path("metadata").path("generation").asLong(1));
        status.put("replicas", replicas);
        if (ready > 0) {
            status.put("readyReplicas", ready);
        }
        if (current > 0) {
            status.put("currentReplicas", current);
        }
        if (updated > 0) {
            status.put("updatedReplicas", updated);
        }
        status.put("currentRevision", currentName);
        status.put("updateRevision", Json.name(updateRevision));
        status.put("collisionCount", collisionCount);
        status.put("availableReplicas", available);
        ctx.writeStatus(ctx.statefulSets, fresh.get(), status);
    }
}
