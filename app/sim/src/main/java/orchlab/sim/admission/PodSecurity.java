package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * The PodSecurity admission plugin (Kubernetes' {@code k8s.io/pod-security-admission}, v1.32 checks): a namespace's
 * labels {@code pod-security.kubernetes.io/enforce|warn|audit} (levels {@code privileged}, {@code baseline},
 * {@code restricted}) and {@code …-version} ({@code latest} or {@code v1.x}) decide what its Pods may ask for.
 * <ul>
 *   <li>enforce: a Pod that violates the level is refused, 403 {@code pods "x" is forbidden: violates PodSecurity
 *       "restricted:latest": allowPrivilegeEscalation != false (container "app" must set …), …} — also the Pods the
 *       controllers create (a {@code FailedCreate} event on the owner);</li>
 *   <li>warn: a Pod, or a workload's Pod template (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
 *       ReplicationController, PodTemplate), that violates the level is admitted with a {@code Warning: would violate
 *       PodSecurity "…"}; without a warn label, warn follows a stricter enforce label;</li>
 *   <li>audit: evaluated, but the sim keeps no audit log;</li>
 *   <li>a label change that makes enforce stricter warns about the namespace's existing Pods that violate it
 *       ({@code existing pods in namespace "x" violate the new PodSecurity enforce level "restricted:latest"}, then one
 *       line per set of reasons); a label with a wrong value is refused with 422.</li>
 * </ul>
 * The checks and their messages are the library's, in its order (baseline checks, then restricted ones).
 */
public final class PodSecurity {

    public static final String PREFIX = "pod-security.kubernetes.io/";
    /** The newest policy version the checks know (the sim's Kubernetes version). */
    static final int LATEST_MINOR = 32;
    private static final Pattern VERSION = Pattern.compile("^v1\\.([0-9]|[1-9][0-9]*)$");

    private final ObjectStore store;
    private final ResourceType namespaces;
    private final ResourceType pods;

    public PodSecurity(ObjectStore store, ResourceType namespaces, ResourceType pods) {
        this.store = store;
        this.namespaces = namespaces;
        this.pods = pods;
    }

    // ---- levels and versions -------------------------------------------------------------------------------

    /** A level at a version; {@code minor} -1 is {@code latest}. */
    public record LevelVersion(String level, int minor) {
        @Override
        public String toString() {
            return level + ":" + (minor < 0 ? "latest" : "v1." + minor);
        }

        int effectiveMinor() {
            return minor < 0 || minor > LATEST_MINOR ? LATEST_MINOR : minor;
        }

        boolean privileged() {
            return level.equals("privileged");
        }
    }

    /** What a namespace's labels ask for, and what is wrong with them. */
    public record Policy(LevelVersion enforce, LevelVersion warn, LevelVersion audit, List<ApiException.Cause> errors) {
    }

    private static final LevelVersion PRIVILEGED = new LevelVersion("privileged", -1);

    /** {@code api.PolicyToEvaluate} with the default policy (privileged:latest for all three modes). */
    public static Policy policy(Map<String, String> labels) {
        List<ApiException.Cause> errors = new ArrayList<>();
        String enforceLevel = level(labels, "enforce", "restricted", errors);
        String auditLevel = level(labels, "audit", "privileged", errors);
        String warnLevel = level(labels, "warn", "privileged", errors);
        int enforceMinor = version(labels, "enforce", errors);
        int auditMinor = version(labels, "audit", errors);
        int warnMinor = version(labels, "warn", errors);
        LevelVersion enforce = labels.containsKey(PREFIX + "enforce") ? new LevelVersion(enforceLevel, enforceMinor)
                : new LevelVersion("privileged", enforceMinor);
        LevelVersion audit = new LevelVersion(labels.containsKey(PREFIX + "audit") ? auditLevel : "privileged", auditMinor);
        LevelVersion warn = new LevelVersion(labels.containsKey(PREFIX + "warn") ? warnLevel : "privileged", warnMinor);
        boolean enforceValid = labels.containsKey(PREFIX + "enforce") && isLevel(labels.get(PREFIX + "enforce"));
        if (!labels.containsKey(PREFIX + "warn") && enforceValid && strictness(enforce.level()) > strictness(warn.level())) {
            warn = new LevelVersion(enforce.level(), labels.containsKey(PREFIX + "warn-version") ? warnMinor : enforce.minor());
        }
        return new Policy(enforce, warn, audit, errors);
    }

    private static boolean isLevel(String value) {
        return value.equals("privileged") || value.equals("baseline") || value.equals("restricted");
    }

    private static String level(Map<String, String> labels, String mode, String onError, List<ApiException.Cause> errors) {
        String value = labels.get(PREFIX + mode);
        if (value == null) {
            return "privileged";
        }
        if (isLevel(value)) {
            return value;
        }
        errors.add(invalidLabel(PREFIX + mode, value, "must be one of privileged, baseline, restricted"));
        return onError; // enforce fails closed, warn and audit fail open
    }

    private static int version(Map<String, String> labels, String mode, List<ApiException.Cause> errors) {
        String value = labels.get(PREFIX + mode + "-version");
        if (value == null || value.equals("latest")) {
            return -1;
        }
        Matcher m = VERSION.matcher(value);
        if (!m.matches()) {
            errors.add(invalidLabel(PREFIX + mode + "-version", value, "must be \"latest\" or \"v1.x\""));
            return -1;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            errors.add(invalidLabel(PREFIX + mode + "-version", value, "must be \"latest\" or \"v1.x\""));
            return -1;
        }
    }

    private static ApiException.Cause invalidLabel(String label, String value, String detail) {
        return new ApiException.Cause("FieldValueInvalid", "metadata.labels[" + label + "]",
                "Invalid value: \"" + value + "\": " + detail);
    }

    private static int strictness(String level) {
        return switch (level) {
            case "restricted" -> 2;
            case "baseline" -> 1;
            default -> 0;
        };
    }

    // ---- admission -----------------------------------------------------------------------------------------

    private Policy policyOfNamespace(String namespace) {
        return store.get(namespaces, null, namespace).map(ns -> policy(Json.stringMap(ns.path("metadata").path("labels"))))
                .orElse(policy(Map.of()));
    }

    /**
     * A Pod being created (or updated with other images: {@code old} non-null): refused when it violates the
     * namespace's enforce level.
     *
     * @return warnings for the warn level
     */
    public List<String> admitPod(ObjectNode pod, ObjectNode old) {
        if (old != null && !significantUpdate(pod, old)) {
            return List.of();
        }
        Policy policy = policyOfNamespace(Json.namespace(pod));
        if (policy.errors().isEmpty() && policy.enforce().privileged() && policy.warn().privileged() && policy.audit().privileged()) {
            return List.of();
        }
        List<Violation> enforced = evaluate(policy.enforce(), pod.path("metadata"), pod.path("spec"));
        if (!enforced.isEmpty()) {
            String name = Json.name(pod);
            if (name == null || name.isEmpty()) {
                name = pod.path("metadata").path("generateName").asText("");
            }
            throw ApiException.forbidden("pods \"" + name + "\" is forbidden: violates PodSecurity \"" + policy.enforce()
                    + "\": " + detail(enforced));
        }
        return warnings(policy.warn(), pod.path("metadata"), pod.path("spec"));
    }

    /** A workload's Pod template: warnings only (its Pods are checked when a controller creates them). */
    public List<String> admitWorkload(ResourceType type, ObjectNode object) {
        Optional<JsonNode> template = template(type.kind(), object);
        if (template.isEmpty() || !template.get().path("spec").isObject()) {
            return List.of();
        }
        Policy policy = policyOfNamespace(Json.namespace(object));
        if (policy.errors().isEmpty() && policy.warn().privileged() && policy.audit().privileged()) {
            return List.of();
        }
        return warnings(policy.warn(), template.get().path("metadata"), template.get().path("spec"));
    }

    private static Optional<JsonNode> template(String kind, JsonNode object) {
        return switch (kind) {
            case "PodTemplate" -> Optional.of(object.path("template"));
            case "ReplicationController", "ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job" ->
                    Optional.of(object.path("spec").path("template"));
            case "CronJob" -> Optional.of(object.path("spec").path("jobTemplate").path("spec").path("template"));
            default -> Optional.empty();
        };
    }

    /** A namespace created: its labels must be valid. */
    public void admitNamespaceCreate(ObjectNode namespace) {
        Policy policy = policy(Json.stringMap(namespace.path("metadata").path("labels")));
        if (!policy.errors().isEmpty()) {
            throw ApiException.invalid("", "Namespace", Json.name(namespace), policy.errors());
        }
    }

    /**
     * A namespace's labels changed: refused when they are newly wrong; when enforce became stricter, warnings about
     * the existing Pods that violate it ({@code EvaluatePodsInNamespace}).
     */
    public List<String> admitNamespaceUpdate(ObjectNode namespace, ObjectNode old) {
        Policy now = policy(Json.stringMap(namespace.path("metadata").path("labels")));
        Policy before = policy(Json.stringMap(old.path("metadata").path("labels")));
        if (!now.errors().isEmpty() && (before.errors().isEmpty() || !now.errors().equals(before.errors()))) {
            throw ApiException.invalid("", "Namespace", Json.name(namespace), now.errors());
        }
        LevelVersion enforce = now.enforce();
        if (enforce.equals(before.enforce()) || enforce.privileged()
                || enforce.minor() == before.enforce().minor() && strictness(enforce.level()) <= strictness(before.enforce().level())) {
            return List.of();
        }
        Map<String, String> firstPodOfReason = new LinkedHashMap<>();
        Map<String, Integer> podsOfReason = new LinkedHashMap<>();
        for (ObjectNode pod : store.list(pods, Json.name(namespace), p -> true)) {
            List<Violation> violations = evaluate(enforce, pod.path("metadata"), pod.path("spec"));
            if (violations.isEmpty()) {
                continue;
            }
            String reason = String.join(", ", violations.stream().map(Violation::reason).toList());
            String name = Json.name(pod);
            firstPodOfReason.merge(reason, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            podsOfReason.merge(reason, 1, Integer::sum);
        }
        if (firstPodOfReason.isEmpty()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("existing pods in namespace \"" + Json.name(namespace) + "\" violate the new PodSecurity enforce level \""
                + enforce + "\"");
        TreeSet<String> lines = new TreeSet<>();
        firstPodOfReason.forEach((reason, pod) -> {
            int count = podsOfReason.get(reason);
            lines.add(switch (count) {
                case 1 -> pod + ": " + reason;
                case 2 -> pod + " (and 1 other pod): " + reason;
                default -> pod + " (and " + (count - 1) + " other pods): " + reason;
            });
        });
        warnings.addAll(lines);
        return warnings;
    }

    /** {@code isSignificantPodUpdate}: other containers, other images, or an ephemeral container added or changed. */
    private static boolean significantUpdate(JsonNode pod, JsonNode old) {
        for (JsonNode c : pod.path("spec").path("ephemeralContainers")) {
            JsonNode before = null;
            for (JsonNode o : old.path("spec").path("ephemeralContainers")) {
                if (o.path("name").equals(c.path("name"))) {
                    before = o;
                }
            }
            if (before == null || !before.path("image").equals(c.path("image"))) {
                return true;
            }
        }
        for (String list : List.of("containers", "initContainers")) {
            JsonNode now = pod.path("spec").path(list);
            JsonNode before = old.path("spec").path(list);
            if (now.size() != before.size()) {
                return true;
            }
            for (int i = 0; i < now.size(); i++) {
                if (!now.get(i).path("image").equals(before.get(i).path("image"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> warnings(LevelVersion warn, JsonNode metadata, JsonNode spec) {
        List<Violation> violations = evaluate(warn, metadata, spec);
        return violations.isEmpty() ? List.of()
                : List.of("would violate PodSecurity \"" + warn + "\": " + detail(violations));
    }

    // ---- the checks ----------------------------------------------------------------------------------------

    /** One failed check: {@code ForbiddenReason} and {@code ForbiddenDetail}. */
    public record Violation(String reason, String detail) {
    }

    /** {@code AggregateCheckResult.ForbiddenDetail}: {@code reason (detail), reason (detail)}. */
    public static String detail(List<Violation> violations) {
        return String.join(", ", violations.stream()
                .map(v -> v.detail().isEmpty() ? v.reason() : v.reason() + " (" + v.detail() + ")").toList());
    }

    /**
     * The checks of {@code level} at its version on a Pod's metadata and spec, in the library's order: baseline
     * checks by ID, then restricted ones (a restricted check replaces the baseline check it overrides).
     */
    public static List<Violation> evaluate(LevelVersion level, JsonNode metadata, JsonNode spec) {
        if (level.privileged()) {
            return List.of();
        }
        boolean restricted = level.level().equals("restricted");
        int minor = level.effectiveMinor();
        List<Optional<Violation>> results = new ArrayList<>();
        results.add(appArmorProfile(metadata, spec));
        if (!restricted || minor < 22) {
            results.add(capabilitiesBaseline(spec));
        }
        results.add(hostNamespaces(spec));
        if (!restricted) {
            results.add(hostPathVolumes(spec));
        }
        results.add(hostPorts(spec));
        results.add(privileged(spec));
        results.add(procMount(spec));
        results.add(seLinuxOptions(spec, minor));
        if (!restricted || minor < 19) {
            results.add(seccompBaseline(metadata, spec, minor));
        }
        results.add(sysctls(spec, minor));
        results.add(windowsHostProcess(spec));
        if (restricted) {
            boolean windows = minor >= 25 && "windows".equals(spec.path("os").path("name").asText());
            if (!windows) {
                results.add(allowPrivilegeEscalation(spec));
            }
            if (minor >= 22 && !windows) {
                results.add(capabilitiesRestricted(spec));
            }
            results.add(restrictedVolumes(spec));
            results.add(runAsNonRoot(spec));
            if (minor >= 23) {
                results.add(runAsUser(spec));
            }
            if (minor >= 19 && !windows) {
                results.add(seccompRestricted(spec));
            }
        }
        return results.stream().flatMap(Optional::stream).toList();
    }

    private static void visitContainers(JsonNode spec, Consumer<JsonNode> visitor) {
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(list).forEach(visitor);
        }
    }

    private static String containers(List<String> names) {
        return (names.size() == 1 ? "container " : "containers ") + joinQuote(names);
    }

    private static String joinQuote(java.util.Collection<String> items) {
        return items.isEmpty() ? "" : "\"" + String.join("\", \"", items) + "\"";
    }

    private static String plural(String one, String many, int count) {
        return count == 1 ? one : many;
    }

    private static Optional<Violation> violation(boolean failed, String reason, String detail) {
        return failed ? Optional.of(new Violation(reason, detail)) : Optional.empty();
    }

    private static JsonNode sc(JsonNode container) {
        return container.path("securityContext");
    }

    private static Optional<Violation> appArmorProfile(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        JsonNode podProfile = spec.path("securityContext").path("appArmorProfile");
        if (podProfile.isObject() && !allowedAppArmor(podProfile.path("type").asText(""))) {
            setters.add("pod");
            values.add(podProfile.path("type").asText(""));
        }
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            JsonNode profile = sc(c).path("appArmorProfile");
            if (profile.isObject() && !allowedAppArmor(profile.path("type").asText(""))) {
                bad.add(c.path("name").asText());
                values.add(profile.path("type").asText(""));
            }
        });
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        List<String> valueList = new ArrayList<>(values);
        TreeSet<String> annotations = new TreeSet<>();
        Json.stringMap(metadata.path("annotations")).forEach((k, v) -> {
            if (k.startsWith("container.apparmor.security.beta.kubernetes.io/")
                    && !(v.isEmpty() || v.equals("runtime/default") || v.startsWith("localhost/"))) {
                annotations.add(k + "=\"" + v + "\"");
            }
        });
        if (!annotations.isEmpty()) {
            valueList.addAll(annotations);
            setters.add(plural("annotation", "annotations", annotations.size()));
        }
        return violation(!setters.isEmpty(), plural("forbidden AppArmor profile", "forbidden AppArmor profiles", valueList.size()),
                String.join(" and ", setters) + " must not set AppArmor profile type to " + joinQuote(valueList));
    }

    private static boolean allowedAppArmor(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private static Optional<Violation> capabilitiesBaseline(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> caps = new TreeSet<>();
        visitContainers(spec, c -> {
            boolean valid = true;
            for (JsonNode cap : sc(c).path("capabilities").path("add")) {
                if (!DEFAULT_CAPABILITIES.contains(cap.asText())) {
                    valid = false;
                    caps.add(cap.asText());
                }
            }
            if (!valid) {
                bad.add(c.path("name").asText());
            }
        });
        return violation(!bad.isEmpty(), "non-default capabilities",
                containers(bad) + " must not include " + joinQuote(caps) + " in securityContext.capabilities.add");
    }

    private static Optional<Violation> hostNamespaces(JsonNode spec) {
        List<String> found = new ArrayList<>();
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(field).asBoolean(false)) {
                found.add(field + "=true");
            }
        }
        return violation(!found.isEmpty(), "host namespaces", String.join(", ", found));
    }

    private static Optional<Violation> hostPathVolumes(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        spec.path("volumes").forEach(v -> {
            if (v.has("hostPath")) {
                bad.add(v.path("name").asText());
            }
        });
        return violation(!bad.isEmpty(), "hostPath volumes", plural("volume", "volumes", bad.size()) + " " + joinQuote(bad));
    }

    private static Optional<Violation> hostPorts(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> ports = new TreeSet<>();
        visitContainers(spec, c -> {
            boolean valid = true;
            for (JsonNode port : c.path("ports")) {
                if (port.path("hostPort").asInt(0) != 0) {
                    valid = false;
                    ports.add(String.valueOf(port.path("hostPort").asInt()));
                }
            }
            if (!valid) {
                bad.add(c.path("name").asText());
            }
        });
        return violation(!bad.isEmpty(), "hostPort", containers(bad) + " " + plural("uses", "use", bad.size()) + " "
                + plural("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports));
    }

    private static Optional<Violation> privileged(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            if (sc(c).path("privileged").asBoolean(false)) {
                bad.add(c.path("name").asText());
            }
        });
        return violation(!bad.isEmpty(), "privileged", containers(bad) + " must not set securityContext.privileged=true");
    }

    private static Optional<Violation> procMount(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        visitContainers(spec, c -> {
            JsonNode mount = sc(c).path("procMount");
            if (mount.isTextual() && !mount.asText().equals("Default")) {
                bad.add(c.path("name").asText());
                types.add(mount.asText());
            }
        });
        return violation(!bad.isEmpty(), "procMount",
                containers(bad) + " must not set securityContext.procMount to " + joinQuote(types));
    }

    private static Optional<Violation> seLinuxOptions(JsonNode spec, int minor) {
        Set<String> allowed = minor >= 31 ? Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t")
                : Set.of("", "container_t", "container_init_t", "container_kvm_t");
        TreeSet<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        java.util.function.Predicate<JsonNode> valid = opts -> {
            boolean ok = true;
            String type = opts.path("type").asText("");
            if (!allowed.contains(type)) {
                ok = false;
                badTypes.add(type);
            }
            if (!opts.path("user").asText("").isEmpty()) {
                ok = false;
                userRole[0] = true;
            }
            if (!opts.path("role").asText("").isEmpty()) {
                ok = false;
                userRole[1] = true;
            }
            return ok;
        };
        List<String> setters = new ArrayList<>();
        JsonNode podOptions = spec.path("securityContext").path("seLinuxOptions");
        if (podOptions.isObject() && !valid.test(podOptions)) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            JsonNode opts = sc(c).path("seLinuxOptions");
            if (opts.isObject() && !valid.test(opts)) {
                bad.add(c.path("name").asText());
            }
        });
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        List<String> data = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            data.add(plural("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
        }
        if (userRole[0]) {
            data.add("user may not be set");
        }
        if (userRole[1]) {
            data.add("role may not be set");
        }
        return violation(!setters.isEmpty(), "seLinuxOptions", String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data));
    }

    private static boolean validSeccomp(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static Optional<Violation> seccompBaseline(JsonNode metadata, JsonNode spec, int minor) {
        if (minor < 19) {
            TreeSet<String> forbidden = new TreeSet<>();
            Map<String, String> annotations = Json.stringMap(metadata.path("annotations"));
            java.util.function.BiConsumer<String, String> check = (key, value) -> {
                if (value != null && !(value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/"))) {
                    forbidden.add(key + "=\"" + value + "\"");
                }
            };
            check.accept("seccomp.security.alpha.kubernetes.io/pod", annotations.get("seccomp.security.alpha.kubernetes.io/pod"));
            visitContainers(spec, c -> {
                String key = "container.seccomp.security.alpha.kubernetes.io/" + c.path("name").asText();
                check.accept(key, annotations.get(key));
            });
            return violation(!forbidden.isEmpty(), "seccompProfile", "forbidden "
                    + plural("annotation", "annotations", forbidden.size()) + " " + String.join(", ", forbidden));
        }
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        JsonNode podProfile = spec.path("securityContext").path("seccompProfile");
        if (podProfile.isObject() && !validSeccomp(podProfile.path("type").asText(""))) {
            setters.add("pod");
            values.add(podProfile.path("type").asText(""));
        }
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            JsonNode profile = sc(c).path("seccompProfile");
            if (profile.isObject() && !validSeccomp(profile.path("type").asText(""))) {
                bad.add(c.path("name").asText());
                values.add(profile.path("type").asText(""));
            }
        });
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return violation(!setters.isEmpty(), "seccompProfile", String.join(" and ", setters)
                + " must not set securityContext.seccompProfile.type to " + joinQuote(values));
    }

    private static final List<String> SYSCTLS_1_0 = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");

    private static Optional<Violation> sysctls(JsonNode spec, int minor) {
        Set<String> allowed = new java.util.HashSet<>(SYSCTLS_1_0);
        if (minor >= 27) {
            allowed.add("net.ipv4.ip_local_reserved_ports");
        }
        if (minor >= 29) {
            allowed.addAll(List.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                    "net.ipv4.tcp_keepalive_probes"));
        }
        if (minor >= 32) {
            allowed.addAll(List.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"));
        }
        List<String> forbidden = new ArrayList<>();
        spec.path("securityContext").path("sysctls").forEach(s -> {
            if (!allowed.contains(s.path("name").asText())) {
                forbidden.add(s.path("name").asText());
            }
        });
        return violation(!forbidden.isEmpty(), "forbidden sysctls", String.join(", ", forbidden));
    }

    private static Optional<Violation> windowsHostProcess(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            if (sc(c).path("windowsOptions").path("hostProcess").asBoolean(false)) {
                bad.add(c.path("name").asText());
            }
        });
        List<String> setters = new ArrayList<>();
        if (spec.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false)) {
            setters.add("pod");
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return violation(!setters.isEmpty(), "hostProcess",
                String.join(" and ", setters) + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    private static Optional<Violation> allowPrivilegeEscalation(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            JsonNode value = sc(c).path("allowPrivilegeEscalation");
            if (!value.isBoolean() || value.asBoolean()) {
                bad.add(c.path("name").asText());
            }
        });
        return violation(!bad.isEmpty(), "allowPrivilegeEscalation != false",
                containers(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }

    private static Optional<Violation> capabilitiesRestricted(JsonNode spec) {
        List<String> missingDrop = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        TreeSet<String> forbidden = new TreeSet<>();
        visitContainers(spec, c -> {
            JsonNode caps = sc(c).path("capabilities");
            if (!caps.isObject()) {
                missingDrop.add(c.path("name").asText());
                return;
            }
            boolean droppedAll = false;
            for (JsonNode d : caps.path("drop")) {
                droppedAll |= d.asText().equals("ALL");
            }
            if (!droppedAll) {
                missingDrop.add(c.path("name").asText());
            }
            boolean added = false;
            for (JsonNode a : caps.path("add")) {
                if (!a.asText().equals("NET_BIND_SERVICE")) {
                    added = true;
                    forbidden.add(a.asText());
                }
            }
            if (added) {
                adding.add(c.path("name").asText());
            }
        });
        List<String> details = new ArrayList<>();
        if (!missingDrop.isEmpty()) {
            details.add(containers(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(containers(adding) + " must not include " + joinQuote(forbidden) + " in securityContext.capabilities.add");
        }
        return violation(!details.isEmpty(), "unrestricted capabilities", String.join("; ", details));
    }

    /** The volume sources the restricted level allows; any other is named by its field. */
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final List<String> RESTRICTED_VOLUMES = List.of("hostPath", "gcePersistentDisk", "awsElasticBlockStore",
            "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos");

    private static Optional<Violation> restrictedVolumes(JsonNode spec) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        for (JsonNode volume : spec.path("volumes")) {
            if (ALLOWED_VOLUMES.stream().anyMatch(volume::has)) {
                continue;
            }
            bad.add(volume.path("name").asText());
            types.add(RESTRICTED_VOLUMES.stream().filter(volume::has).findFirst().orElse("unknown"));
        }
        return violation(!bad.isEmpty(), "restricted volume types", plural("volume", "volumes", bad.size()) + " "
                + joinQuote(bad) + " " + plural("uses", "use", bad.size()) + " "
                + plural("restricted volume type", "restricted volume types", types.size()) + " " + joinQuote(types));
    }

    private static Optional<Violation> runAsNonRoot(JsonNode spec) {
        List<String> setters = new ArrayList<>();
        boolean podNonRoot = false;
        JsonNode pod = spec.path("securityContext").path("runAsNonRoot");
        if (pod.isBoolean()) {
            if (!pod.asBoolean()) {
                setters.add("pod");
            } else {
                podNonRoot = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        boolean podSet = podNonRoot;
        visitContainers(spec, c -> {
            JsonNode value = sc(c).path("runAsNonRoot");
            if (value.isBoolean()) {
                if (!value.asBoolean()) {
                    explicit.add(c.path("name").asText());
                }
            } else if (!podSet) {
                implicit.add(c.path("name").asText());
            }
        });
        if (!explicit.isEmpty()) {
            setters.add(containers(explicit));
        }
        if (!setters.isEmpty()) {
            return violation(true, "runAsNonRoot != true",
                    String.join(" and ", setters) + " must not set securityContext.runAsNonRoot=false");
        }
        return violation(!implicit.isEmpty(), "runAsNonRoot != true",
                "pod or " + containers(implicit) + " must set securityContext.runAsNonRoot=true");
    }

    private static Optional<Violation> runAsUser(JsonNode spec) {
        List<String> setters = new ArrayList<>();
        JsonNode pod = spec.path("securityContext").path("runAsUser");
        if (pod.isNumber() && pod.asLong() == 0) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        visitContainers(spec, c -> {
            JsonNode value = sc(c).path("runAsUser");
            if (value.isNumber() && value.asLong() == 0) {
                bad.add(c.path("name").asText());
            }
        });
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return violation(!setters.isEmpty(), "runAsUser=0", String.join(" and ", setters) + " must not set runAsUser=0");
    }

    private static Optional<Violation> seccompRestricted(JsonNode spec) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        boolean podSet = false;
        JsonNode podProfile = spec.path("securityContext").path("seccompProfile");
        if (podProfile.isObject()) {
            if (!validSeccomp(podProfile.path("type").asText(""))) {
                setters.add("pod");
                values.add(podProfile.path("type").asText(""));
            } else {
                podSet = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        boolean podValid = podSet;
        visitContainers(spec, c -> {
            JsonNode profile = sc(c).path("seccompProfile");
            if (profile.isObject()) {
                if (!validSeccomp(profile.path("type").asText(""))) {
                    explicit.add(c.path("name").asText());
                    values.add(profile.path("type").asText(""));
                }
            } else if (!podValid) {
                implicit.add(c.path("name").asText());
            }
        });
        if (!explicit.isEmpty()) {
            setters.add(containers(explicit));
        }
        if (!setters.isEmpty()) {
            return violation(true, "seccompProfile", String.join(" and ", setters)
                    + " must not set securityContext.seccompProfile.type to " + joinQuote(values));
        }
        return violation(!implicit.isEmpty(), "seccompProfile", "pod or " + containers(implicit)
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
}
