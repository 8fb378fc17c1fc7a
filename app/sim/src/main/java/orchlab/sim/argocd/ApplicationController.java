package orchlab.sim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.ApiRequest;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceHandler;
import orchlab.sim.api.ResourcePath;
import orchlab.sim.api.ResourceType;
import orchlab.sim.controller.ControllerManager;
import orchlab.sim.controller.Reconciler;
import orchlab.sim.controller.SimContext;
import orchlab.sim.store.StoreEvent;

/**
 * Argo CD's application controller on the simulated cluster, on the sim's clock (read from argo-cd's
 * {@code controller/appcontroller.go} and {@code controller/state.go}, and gitops-engine's {@code pkg/sync} and
 * {@code pkg/health}). For each {@code argoproj.io/v1alpha1} Application it:
 * <ol>
 * <li>validates the spec: project {@code default}, destination {@code https://kubernetes.default.svc} (or name
 *     {@code in-cluster}) and a destination namespace the lab's default project permits — the Application's own
 *     namespace; anything else is an {@code InvalidSpecError} condition, nothing is applied, sync and health Unknown;</li>
 * <li>reads the desired state from Git ({@link GitRepositories}: the committed tree at the resolved revision, a plain
 *     directory of YAML, {@code directory.recurse}); a failure is a {@code ComparisonError} condition
 *     ({@code Failed to load target state: ...}) and sync status Unknown;</li>
 * <li>compares it with the live objects (every field the manifest writes must be present and equal in the live object;
 *     fields the server or controllers set are ignored), tracks what it manages with the annotation
 *     {@code argocd.argoproj.io/tracking-id} (Argo CD 3's default tracking method), and writes
 *     {@code status.sync} (Synced/OutOfSync/Unknown, the revision), {@code status.health} (the worst resource health;
 *     Missing for a desired object that does not exist), {@code status.resources[]}, {@code status.reconciledAt};</li>
 * <li>syncs: an {@code operation.sync} written on the Application (what {@code argocd app sync} sets), or automated
 *     sync ({@code syncPolicy.automated}) when OutOfSync and the revision was not synced yet; with {@code selfHeal}
 *     also when drift appears at an already-synced revision (Argo CD 3's self-heal back-off: the first at once, then
 *     2 s, ×3 per attempt, at most 5 min); with {@code prune} objects removed from Git are deleted, without it they stay (OutOfSync,
 *     {@code requiresPruning}). A sync applies each object server-side (field manager {@code argocd-controller}) through
 *     the API server's admission, in Argo CD's kind order, and records {@code status.operationState} and
 *     {@code status.history}.</li>
 * </ol>
 * Git is polled every {@link #RECONCILIATION} (Argo CD's {@code timeout.reconciliation}); the annotation
 * {@code argocd.argoproj.io/refresh} asks for a refresh at once and is removed, as in Argo CD.
 */
public final class ApplicationController implements Reconciler {

    public static final String NAME = "argocd-application-controller";
    static final String TRACKING = "argocd.argoproj.io/tracking-id";
    static final String REFRESH = "argocd.argoproj.io/refresh";
    static final String FINALIZER = "resources-finalizer.argocd.argoproj.io";
    static final String IN_CLUSTER = "https://kubernetes.default.svc";
    /** The namespace Argo CD runs in: Applications there are named by their name alone in tracking ids. */
    static final String CONTROLLER_NAMESPACE = "argocd";
    /** How often Git is read again (Argo CD's {@code timeout.reconciliation} default). */
    public static final Duration RECONCILIATION = Duration.ofSeconds(120);
    static final Duration SELF_HEAL_FIRST = Duration.ofSeconds(2);
    static final Duration SELF_HEAL_CAP = Duration.ofMinutes(5);
    static final String MANAGER = "argocd-controller";
    /** gitops-engine's sync order by kind (the same as Helm's install order); others come after, by name. */
    private static final List<String> KIND_ORDER = List.of("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
            "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
            "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
            "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler",
            "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService");

    private final SimContext ctx;
    private final GitRepositories repos;
    private Supplier<ResourceHandler> api = () -> null;
    /** The last resolved target per Application UID: what the controller compares with until the next poll. */
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    private record Resolved(Instant at, String sourceKey, GitRepositories.Target target, String error) {
    }

    public ApplicationController(SimContext ctx, GitRepositories repos) {
        this.ctx = ctx;
        this.repos = repos;
    }

    /** The API server's resource handler: syncs go through admission like {@code kubectl apply --server-side}. */
    public void useApi(Supplier<ResourceHandler> handler) {
        this.api = handler;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Application") && event.apiVersion().startsWith("argoproj.io/")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
            return;
        }
        String tracking = event.object().path("metadata").path("annotations").path(TRACKING).asText("");
        if (tracking.isEmpty() && event.previous() != null) {
            tracking = event.previous().path("metadata").path("annotations").path(TRACKING).asText("");
        }
        int colon = tracking.indexOf(':');
        if (colon > 0) {
            String instance = tracking.substring(0, colon);
            int underscore = instance.indexOf('_');
            enqueue.accept(underscore < 0 ? new ControllerManager.Key(NAME, CONTROLLER_NAMESPACE, instance)
                    : new ControllerManager.Key(NAME, instance.substring(0, underscore), instance.substring(underscore + 1)));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        applications().ifPresent(type -> ctx.list(type, null, a -> true)
                .forEach(a -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(a), Json.name(a)))));
    }

    private Optional<ResourceType> applications() {
        return ctx.catalog.forKind("argoproj.io/v1alpha1", "Application");
    }

    /** The name Argo CD uses for an Application in tracking ids ({@code ns_name} outside its own namespace). */
    static String instanceName(JsonNode app) {
        String ns = Json.namespace(app);
        return CONTROLLER_NAMESPACE.equals(ns) ? Json.name(app) : ns + "_" + Json.name(app);
    }

    // ---- the loop ------------------------------------------------------------------------------------------

    @Override
    public void reconcile(ControllerManager.Key key) {
        Optional<ResourceType> type = applications();
        if (type.isEmpty()) {
            return;
        }
        Optional<ObjectNode> found = ctx.get(type.get(), key.namespace(), key.name());
        if (found.isEmpty()) {
            return;
        }
        ObjectNode app = found.get();
        if (app.path("metadata").hasNonNull("deletionTimestamp")) {
            finalizeDeletion(type.get(), app);
            return;
        }
        boolean refreshAsked = app.path("metadata").path("annotations").has(REFRESH);
        Comparison comparison = compare(app, refreshAsked);
        ObjectNode status = SimContext.statusOf(app);
        JsonNode operation = app.path("operation");
        if (comparison.valid() && operation.isObject() && operation.has("sync")) {
            sync(app, comparison, (ObjectNode) operation, status, false);
            comparison = compare(app, false);
        } else if (comparison.valid()) {
            Optional<ObjectNode> auto = autoSync(key, app, comparison, status);
            if (auto.isPresent()) {
                sync(app, comparison, auto.get(), status, true);
                comparison = compare(app, false);
            }
        }
        writeComparison(status, app, comparison);
        ObjectNode updated = app.deepCopy();
        updated.set("status", status);
        if (operation.isObject() && comparison.valid()) {
            updated.remove("operation");
        }
        if (refreshAsked) {
            ((ObjectNode) updated.path("metadata").path("annotations")).remove(REFRESH);
        }
        if (!updated.equals(app)) {
            try {
                ctx.store.update(type.get(), updated);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        schedulePoll(key, app);
    }

    private final Map<String, Instant> nextPoll = new ConcurrentHashMap<>();

    /** One timer per Application for the next Git poll (events in between do not add more). */
    private void schedulePoll(ControllerManager.Key key, JsonNode app) {
        Resolved r = resolved.get(Json.uid(app));
        if (r == null) {
            return;
        }
        Instant due = r.at().plus(RECONCILIATION);
        Instant pending = nextPoll.get(Json.uid(app));
        if (pending == null || pending.isBefore(ctx.now()) || pending.isAfter(due)) {
            nextPoll.put(Json.uid(app), due);
            ctx.manager.enqueueAfter(key, Duration.between(ctx.now(), due));
        }
    }

    // ---- comparison ----------------------------------------------------------------------------------------

    /** One managed resource: desired (null when only live, to be pruned), live (null when missing). */
    private record Resource(String group, String version, String kind, String namespace, String name,
                            ObjectNode desired, ObjectNode live, String file) {
        String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        boolean inSync() {
            return desired != null && live != null && Diff.contains(live, desired);
        }
    }

    private record Comparison(List<Map<String, String>> invalid, Optional<String> comparisonError, String revision,
                              List<Resource> resources, Resolved source) {
        boolean valid() {
            return invalid.isEmpty() && comparisonError.isEmpty();
        }
    }

    private Comparison compare(ObjectNode app, boolean refresh) {
        List<Map<String, String>> invalid = validate(app);
        if (!invalid.isEmpty()) {
            return new Comparison(invalid, Optional.empty(), "", List.of(), null);
        }
        JsonNode source = app.path("spec").path("source");
        String destination = destinationNamespace(app);
        Resolved r = resolve(app, refresh);
        if (r.error() != null) {
            return new Comparison(List.of(), Optional.of("Failed to load target state: failed to generate manifest for source 1 of 1: "
                    + "rpc error: code = Unknown desc = " + r.error()), "", live(app, Map.of()), r);
        }
        Map<String, Resource> byKey = new LinkedHashMap<>();
        List<Map<String, String>> specErrors = new ArrayList<>();
        for (GitRepositories.Manifest m : r.target().manifests()) {
            ObjectNode desired = m.object().deepCopy();
            stringDataIntoData(desired);
            String apiVersion = desired.path("apiVersion").asText();
            String kind = desired.path("kind").asText();
            Optional<ResourceType> type = ctx.catalog.forKind(apiVersion, kind);
            boolean namespaced = type.map(ResourceType::namespaced).orElse(true);
            String ns = desired.path("metadata").path("namespace").asText("");
            if (namespaced && ns.isEmpty()) {
                ns = destination;
            }
            if (namespaced && ns.isEmpty()) {
                specErrors.add(condition("InvalidSpecError", "Namespace for " + Json.name(desired) + " " + apiVersion + ", Kind="
                        + kind + " is missing."));
            }
            if (namespaced) {
                Json.metadata(desired).put("namespace", ns);
            }
            String group = ArgoHealth.group(apiVersion);
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            ObjectNode live = type.flatMap(t -> ctx.get(t, namespaced ? Json.namespace(desired) : null, Json.name(desired))).orElse(null);
            byKey.put(group + "/" + kind + "/" + (namespaced ? Json.namespace(desired) : "") + "/" + Json.name(desired),
                    new Resource(group, version, kind, namespaced ? Json.namespace(desired) : "", Json.name(desired), desired, live, m.file()));
        }
        for (Resource extra : live(app, byKey)) {
            byKey.put(extra.group() + "/" + extra.kind() + "/" + extra.namespace() + "/" + extra.name(), extra);
        }
        List<Resource> resources = new ArrayList<>(byKey.values());
        resources.sort(Comparator.comparing(Resource::group).thenComparing(Resource::kind).thenComparing(Resource::namespace)
                .thenComparing(Resource::name));
        if (!specErrors.isEmpty()) {
            return new Comparison(specErrors, Optional.empty(), r.target().revision(), resources, r);
        }
        return new Comparison(List.of(), Optional.empty(), r.target().revision(), resources, r);
    }

    /** A Secret's {@code stringData} is write-only (the API server moves it into {@code data}): compare and apply it as data. */
    private static void stringDataIntoData(ObjectNode desired) {
        if (!desired.path("kind").asText().equals("Secret") || !desired.path("stringData").isObject()) {
            return;
        }
        ObjectNode data = Json.with(desired, "data");
        desired.path("stringData").fields().forEachRemaining(e -> data.put(e.getKey(),
                java.util.Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        desired.remove("stringData");
    }

    /** Live objects tracked as this Application's that the desired state does not have: to be pruned. */
    private List<Resource> live(ObjectNode app, Map<String, Resource> desired) {
        String prefix = instanceName(app) + ":";
        List<Resource> extra = new ArrayList<>();
        for (ResourceType type : ctx.catalog.all()) {
            if (!type.namespaced() || type.kind().equals("Event")) {
                continue;
            }
            for (ObjectNode live : ctx.list(type, null, o -> o.path("metadata").path("annotations").path(TRACKING).asText("").startsWith(prefix))) {
                if (!live.path("apiVersion").asText().equals(type.apiVersion())) {
                    continue;
                }
                String k = type.group() + "/" + type.kind() + "/" + Json.namespace(live) + "/" + Json.name(live);
                if (!desired.containsKey(k)) {
                    extra.add(new Resource(type.group(), type.version(), type.kind(), Json.namespace(live), Json.name(live), null, live, null));
                }
            }
        }
        return extra;
    }

    private static String sourceKey(JsonNode app) {
        JsonNode s = app.path("spec").path("source");
        return GitRepositories.normalise(s.path("repoURL").asText()) + "|" + s.path("targetRevision").asText("HEAD") + "|"
                + GitRepositories.normalisePath(s.path("path").asText()) + "|" + s.path("directory").path("recurse").asBoolean(false);
    }

    /** The target read from Git: again when asked, when the source changed, or when the last read is older than the poll. */
    private Resolved resolve(ObjectNode app, boolean refresh) {
        String uid = Json.uid(app);
        String key = sourceKey(app);
        Resolved last = resolved.get(uid);
        Instant now = ctx.now();
        if (!refresh && last != null && last.sourceKey().equals(key) && now.isBefore(last.at().plus(RECONCILIATION))) {
            return last;
        }
        JsonNode s = app.path("spec").path("source");
        Resolved r;
        try {
            r = new Resolved(now, key, repos.read(s.path("repoURL").asText(), s.path("targetRevision").asText("HEAD"),
                    s.path("path").asText(), s.path("directory").path("recurse").asBoolean(false)), null);
        } catch (GitRepositories.GitException e) {
            r = new Resolved(now, key, null, e.getMessage());
        }
        resolved.put(uid, r);
        return r;
    }

    private static String destinationNamespace(JsonNode app) {
        return app.path("spec").path("destination").path("namespace").asText("");
    }

    /**
     * Argo CD's {@code ValidatePermissions}, against the lab's {@code default} project: the in-cluster destination and
     * the Application's own namespace (the exercise's), which is where the lab lets a pack work.
     */
    private static List<Map<String, String>> validate(JsonNode app) {
        List<Map<String, String>> errors = new ArrayList<>();
        JsonNode spec = app.path("spec");
        String project = spec.path("project").asText("");
        if (!project.equals("default")) {
            errors.add(condition("InvalidSpecError", project.isEmpty() ? "Application has an empty project"
                    : "Application referencing project " + project + " which does not exist"));
            return errors;
        }
        JsonNode source = spec.path("source");
        if (!source.isObject() || source.path("repoURL").asText("").isEmpty()) {
            errors.add(condition("InvalidSpecError", "spec.source.repoURL and either spec.source.path, spec.source.chart, "
                    + "or spec.source.ref are required"));
            return errors;
        }
        JsonNode dest = spec.path("destination");
        String server = dest.path("server").asText("");
        String name = dest.path("name").asText("");
        if (!server.isEmpty() && !name.isEmpty()) {
            errors.add(condition("InvalidSpecError", "application destination can't have both name and server defined: "
                    + name + " " + server));
            return errors;
        }
        if (server.isEmpty() && name.isEmpty()) {
            errors.add(condition("InvalidSpecError", "Destination server missing from app spec"));
            return errors;
        }
        if (!server.isEmpty() && !GitRepositories.normalise(server).equals(IN_CLUSTER)) {
            errors.add(condition("InvalidSpecError", "there are no clusters with this URL: " + server));
            return errors;
        }
        if (!name.isEmpty() && !name.equals("in-cluster")) {
            errors.add(condition("InvalidSpecError", "there are no clusters with this name: " + name));
            return errors;
        }
        String ns = destinationNamespace(app);
        if (!ns.isEmpty() && !ns.equals(Json.namespace(app))) {
            errors.add(condition("InvalidSpecError", "application destination server '" + (name.isEmpty() ? server : name)
                    + "' and namespace '" + ns + "' do not match any of the allowed destinations in project 'default'"
                    + " (the lab's default project permits only the Application's own namespace, " + Json.namespace(app) + ")"));
        }
        return errors;
    }

    private static Map<String, String> condition(String type, String message) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("message", message);
        return c;
    }

    private void writeComparison(ObjectNode status, ObjectNode app, Comparison comparison) {
        String now = ctx.timestamp();
        JsonNode spec = app.path("spec");
        ObjectNode sync = Json.object();
        ObjectNode health = Json.object();
        ArrayNode resources = Json.array();
        if (!comparison.invalid().isEmpty()) {
            sync.put("status", "Unknown");
            health.put("status", ArgoHealth.UNKNOWN);
        } else {
            boolean outOfSync = false;
            String appHealth = ArgoHealth.HEALTHY;
            for (Resource r : comparison.resources()) {
                ObjectNode row = resources.addObject();
                if (!r.group().isEmpty()) {
                    row.put("group", r.group());
                }
                row.put("version", r.version());
                row.put("kind", r.kind());
                if (!r.namespace().isEmpty()) {
                    row.put("namespace", r.namespace());
                }
                row.put("name", r.name());
                String resourceSync = comparison.comparisonError().isPresent() ? "Unknown" : r.inSync() ? "Synced" : "OutOfSync";
                row.put("status", resourceSync);
                outOfSync |= resourceSync.equals("OutOfSync");
                if (r.desired() == null) {
                    row.put("requiresPruning", true);
                }
                Optional<ArgoHealth.Health> h = r.live() == null
                        ? (r.desired() != null ? Optional.of(new ArgoHealth.Health(ArgoHealth.MISSING, "")) : Optional.empty())
                        : ArgoHealth.of(r.live());
                if (h.isPresent()) {
                    ObjectNode rh = row.putObject("health");
                    rh.put("status", h.get().status());
                    if (!h.get().message().isEmpty()) {
                        rh.put("message", h.get().message());
                    }
                    if (ArgoHealth.isWorse(appHealth, h.get().status())) {
                        appHealth = h.get().status();
                    }
                }
            }
            sync.put("status", comparison.comparisonError().isPresent() ? "Unknown" : outOfSync ? "OutOfSync" : "Synced");
            health.put("status", appHealth);
        }
        ObjectNode comparedTo = sync.putObject("comparedTo");
        comparedTo.set("source", spec.path("source").deepCopy());
        comparedTo.set("destination", spec.path("destination").deepCopy());
        if (!comparison.revision().isEmpty()) {
            sync.put("revision", comparison.revision());
        }
        JsonNode before = status.path("health");
        if (before.path("status").asText().equals(health.path("status").asText()) && before.has("lastTransitionTime")) {
            health.set("lastTransitionTime", before.get("lastTransitionTime"));
        } else {
            health.put("lastTransitionTime", now);
        }
        status.set("sync", sync);
        status.set("health", health);
        status.set("resources", resources);
        status.put("sourceType", "Directory");
        if (comparison.source() != null) {
            status.put("reconciledAt", comparison.source().at().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        List<Map<String, String>> conditions = new ArrayList<>(comparison.invalid());
        comparison.comparisonError().ifPresent(m -> conditions.add(condition("ComparisonError", m)));
        // a SyncError set by the automated sync of this pass stays (Argo CD keeps it until the next sync attempt)
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("SyncError") && comparison.valid()) {
                conditions.add(condition("SyncError", c.path("message").asText()));
            }
        }
        ArrayNode written = Json.array();
        for (Map<String, String> c : conditions) {
            ObjectNode row = written.addObject();
            row.put("type", c.get("type"));
            row.put("message", c.get("message"));
            String since = now;
            for (JsonNode old : status.path("conditions")) {
                if (old.path("type").asText().equals(c.get("type")) && old.path("message").asText().equals(c.get("message"))) {
                    since = old.path("lastTransitionTime").asText(now);
                }
            }
            row.put("lastTransitionTime", since);
        }
        if (written.isEmpty()) {
            status.remove("conditions");
        } else {
            status.set("conditions", written);
        }
    }

    // ---- sync ----------------------------------------------------------------------------------------------

    /**
     * Argo CD's {@code autoSync}: the operation to run now, if any. Records a {@code SyncError} condition when a
     * previous automated sync to this revision failed or would delete everything.
     */
    private Optional<ObjectNode> autoSync(ControllerManager.Key key, ObjectNode app, Comparison comparison, ObjectNode status) {
        JsonNode automated = app.path("spec").path("syncPolicy").path("automated");
        if (!automated.isObject() || (automated.has("enabled") && !automated.path("enabled").asBoolean(true))) {
            return Optional.empty();
        }
        boolean outOfSync = comparison.resources().stream().anyMatch(r -> !r.inSync());
        if (!outOfSync) {
            return Optional.empty();
        }
        boolean prune = automated.path("prune").asBoolean(false);
        boolean selfHeal = automated.path("selfHeal").asBoolean(false);
        if (!prune && comparison.resources().stream().allMatch(r -> r.inSync() || r.desired() == null)) {
            return Optional.empty(); // "need to prune extra resources only but automated prune is disabled"
        }
        JsonNode last = status.path("operationState");
        String lastRevision = last.path("syncResult").path("revision").asText("");
        boolean sameSource = last.path("syncResult").path("source").equals(app.path("spec").path("source"));
        boolean alreadyAttempted = last.isObject() && lastRevision.equals(comparison.revision()) && sameSource;
        ObjectNode op = Json.object();
        ObjectNode sync = op.putObject("sync");
        sync.put("revision", comparison.revision());
        sync.put("prune", prune);
        if (app.path("spec").path("syncPolicy").has("syncOptions")) {
            sync.set("syncOptions", app.path("spec").path("syncPolicy").path("syncOptions").deepCopy());
        }
        op.putObject("initiatedBy").put("automated", true);
        op.putObject("retry").put("limit", 5);
        if (alreadyAttempted) {
            if (!last.path("phase").asText().equals("Succeeded")) {
                setSyncError(status, "Failed last sync attempt to [" + lastRevision + "]: " + last.path("message").asText());
                return Optional.empty();
            }
            if (!selfHeal) {
                return Optional.empty(); // "most recent sync already to <revision>": drift stays until the next commit
            }
            long attempts = last.path("operation").path("sync").path("autoHealAttemptsCount").asLong(0);
            Instant finished = Instant.parse(last.path("finishedAt").asText(ctx.timestamp()));
            Duration backoff = selfHealBackoff(attempts);
            Duration remaining = Duration.between(ctx.now(), finished.plus(backoff));
            if (!remaining.isNegative() && !remaining.isZero()) {
                ctx.manager.enqueueAfter(key, remaining);
                return Optional.empty();
            }
            sync.put("autoHealAttemptsCount", attempts + 1);
        }
        if (prune && !automated.path("allowEmpty").asBoolean(false)
                && comparison.resources().stream().allMatch(r -> r.desired() == null)) {
            setSyncError(status, "Skipping sync attempt to [" + comparison.revision() + "]: auto-sync will wipe out all resources");
            return Optional.empty();
        }
        status.remove("conditions");
        return Optional.of(op);
    }

    /**
     * Argo CD 3's {@code selfHealRemainingBackoff}: the first self-heal after a sync runs at once, each further one
     * waits 2 s × 3^(n−1) after the previous sync finished, at most 5 minutes (the count starts again with a sync to a
     * new revision).
     */
    static Duration selfHealBackoff(long attempts) {
        if (attempts <= 0) {
            return Duration.ZERO;
        }
        Duration backoff = SELF_HEAL_FIRST.multipliedBy((long) Math.pow(3, Math.min(attempts - 1, 10)));
        return backoff.compareTo(SELF_HEAL_CAP) > 0 ? SELF_HEAL_CAP : backoff;
    }

    private static void setSyncError(ObjectNode status, String message) {
        ArrayNode conditions = Json.array();
        ObjectNode c = conditions.addObject();
        c.put("type", "SyncError");
        c.put("message", message);
        status.set("conditions", conditions);
    }

    /** Runs one sync operation (manual or automated) and records it in {@code status.operationState} and the history. */
    private void sync(ObjectNode app, Comparison comparison, ObjectNode operation, ObjectNode status, boolean automated) {
        String started = ctx.timestamp();
        JsonNode syncOp = operation.path("sync");
        boolean prune = syncOp.path("prune").asBoolean(false);
        String instance = instanceName(app);
        String appNs = Json.namespace(app);
        ArrayNode results = Json.array();
        List<String> failures = new ArrayList<>();
        List<Resource> ordered = new ArrayList<>(comparison.resources());
        ordered.sort(Comparator.comparingInt((Resource r) -> r.desired() == null ? Integer.MAX_VALUE : kindRank(r.kind()))
                .thenComparing(Resource::name));
        for (Resource r : ordered) {
            if (selected(syncOp, r) && r.desired() != null) {
                ObjectNode row = resultRow(results, r);
                if (!r.namespace().isEmpty() && !r.namespace().equals(appNs)) {
                    fail(row, failures, "namespace " + r.namespace() + " is not permitted in project 'default'");
                    continue;
                }
                if (r.namespace().isEmpty()) {
                    fail(row, failures, "resource " + r.group() + ":" + r.kind() + " is not permitted in project default");
                    continue;
                }
                if (r.inSync()) {
                    row.put("status", "Synced");
                    row.put("message", (r.kind().toLowerCase() + (r.group().isEmpty() ? "" : "." + r.group())) + "/" + r.name() + " unchanged");
                    continue;
                }
                ObjectNode body = r.desired().deepCopy();
                Json.with(body, "metadata.annotations").put(TRACKING,
                        instance + ":" + r.group() + "/" + r.kind() + ":" + r.namespace() + "/" + r.name());
                try {
                    applyServerSide(r, body);
                    row.put("status", "Synced");
                    row.put("message", (r.kind().toLowerCase() + (r.group().isEmpty() ? "" : "." + r.group())) + "/" + r.name()
                            + (r.live() == null ? " created" : " configured"));
                } catch (ApiException e) {
                    fail(row, failures, e.getMessage());
                }
            } else if (selected(syncOp, r) && r.desired() == null) {
                ObjectNode row = resultRow(results, r);
                if (prune) {
                    ctx.catalog.forKind(r.apiVersion(), r.kind()).ifPresent(t -> {
                        ResourceHandler handler = api.get();
                        if (handler != null) {
                            handler.deleteObject(t, r.live(), "Background");
                        } else {
                            ctx.store.delete(t, r.namespace(), r.name());
                        }
                    });
                    row.put("status", "Pruned");
                    row.put("message", "pruned");
                } else {
                    row.put("status", "PruneSkipped");
                    row.put("message", "ignored (requires pruning)");
                }
            }
        }
        ObjectNode state = Json.object();
        ObjectNode recorded = operation.deepCopy();
        if (!recorded.path("sync").has("revision") && !comparison.revision().isEmpty()) {
            ((ObjectNode) recorded.path("sync")).put("revision", comparison.revision());
        }
        if (!recorded.has("initiatedBy")) {
            recorded.putObject("initiatedBy").put("username", "admin");
        }
        state.set("operation", recorded);
        state.put("phase", failures.isEmpty() ? "Succeeded" : "Failed");
        state.put("message", failures.isEmpty() ? "successfully synced (all tasks run)"
                : "one or more objects failed to apply, reason: " + String.join(". ", failures));
        ObjectNode syncResult = state.putObject("syncResult");
        syncResult.set("resources", results);
        syncResult.put("revision", comparison.revision());
        syncResult.set("source", app.path("spec").path("source").deepCopy());
        state.put("startedAt", started);
        state.put("finishedAt", ctx.timestamp());
        status.set("operationState", state);
        if (failures.isEmpty()) {
            ArrayNode history = status.withArray("history");
            long id = 0;
            for (JsonNode h : history) {
                id = Math.max(id, h.path("id").asLong(0) + 1);
            }
            ObjectNode entry = history.addObject();
            entry.put("revision", comparison.revision());
            entry.put("deployStartedAt", started);
            entry.put("deployedAt", ctx.timestamp());
            entry.put("id", id);
            entry.set("source", app.path("spec").path("source").deepCopy());
            entry.set("initiatedBy", recorded.path("initiatedBy").deepCopy());
            while (history.size() > 10) {
                history.remove(0);
            }
        }
    }

    /** {@code operation.sync.resources} limits a sync to some resources (a self-heal, {@code argocd app sync --resource}). */
    private static boolean selected(JsonNode syncOp, Resource r) {
        JsonNode only = syncOp.path("resources");
        if (!only.isArray() || only.isEmpty()) {
            return true;
        }
        for (JsonNode s : only) {
            if (s.path("kind").asText().equals(r.kind()) && s.path("name").asText().equals(r.name())
                    && s.path("group").asText("").equals(r.group())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode resultRow(ArrayNode results, Resource r) {
        ObjectNode row = results.addObject();
        row.put("group", r.group());
        row.put("version", r.version());
        row.put("kind", r.kind());
        row.put("namespace", r.namespace());
        row.put("name", r.name());
        row.put("hookPhase", "Running");
        row.put("syncPhase", "Sync");
        return row;
    }

    private static void fail(ObjectNode row, List<String> failures, String message) {
        row.put("status", "SyncFailed");
        row.put("message", message);
        row.put("hookPhase", "Failed");
        failures.add(message);
    }

    private static int kindRank(String kind) {
        int i = KIND_ORDER.indexOf(kind);
        return i < 0 ? KIND_ORDER.size() : i;
    }

    private void applyServerSide(Resource r, ObjectNode body) {
        ResourceType type = ctx.catalog.forKind(r.apiVersion(), r.kind()).orElseThrow(() -> new ApiException(404, "NotFound",
                "the server could not find the requested resource (" + r.kind() + " " + r.apiVersion() + ")", r.group(), r.kind(),
                r.name(), List.of()));
        ResourceHandler handler = api.get();
        if (handler == null) {
            throw new IllegalStateException("the application controller has no API to apply through");
        }
        String path = type.objectPath(r.namespace(), r.name()) + "?fieldManager=" + MANAGER + "&force=true&fieldValidation=Strict";
        ApiRequest request = ApiRequest.of("PATCH", path, Map.of("Content-Type", List.of("application/apply-patch+yaml")), Json.write(body));
        handler.handle(request, ResourcePath.parse(request.path()).orElseThrow());
    }

    /** Deleting an Application with Argo CD's resources finalizer deletes what it manages first (cascading delete). */
    private void finalizeDeletion(ResourceType type, ObjectNode app) {
        resolved.remove(Json.uid(app));
        nextPoll.remove(Json.uid(app));
        JsonNode finalizers = app.path("metadata").path("finalizers");
        boolean cascade = false;
        for (JsonNode f : finalizers) {
            cascade |= f.asText().equals(FINALIZER) || f.asText().startsWith(FINALIZER + "/");
        }
        if (!cascade) {
            return;
        }
        for (Resource r : live(app, Map.of())) {
            ctx.catalog.forKind(r.apiVersion(), r.kind()).ifPresent(t -> ctx.store.delete(t, r.namespace(), r.name()));
        }
        ObjectNode updated = app.deepCopy();
        ArrayNode kept = Json.array();
        for (Iterator<JsonNode> it = finalizers.elements(); it.hasNext(); ) {
            JsonNode f = it.next();
            if (!(f.asText().equals(FINALIZER) || f.asText().startsWith(FINALIZER + "/"))) {
                kept.add(f);
            }
        }
        Json.metadata(updated).set("finalizers", kept);
        ctx.store.update(type, updated);
    }
}
