package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: docker-compose} — a Compose project's services, found by the {@code com.docker.compose.project}
 * and {@code com.docker.compose.service} labels Compose (v1 or v2) puts on what it creates.
 *
 * <pre>
 * - id: stack
 *   kind: docker-compose
 *   project: shop
 *   services:
 *     db:
 *       mounts: ["pgdata:/var/lib/postgresql/data"]     # volume names without the project prefix
 *       env: {POSTGRES_DB: shop}
 *     web:
 *       state: running            # default; also exited, exists, ... and exitCode (see docker-container)
 *       count: 1                  # number of containers of the service (scale), optional
 *       ports: ["8080:8000"]      # any keys of {@link Expectations} for containers
 *       startedAfter: [db]        # started no earlier than these services (depends_on order, when observable)
 *       cel: "container.HostConfig.RestartPolicy.Name == 'always'"
 *   volumes: [pgdata]             # volumes of the project (created by Compose)
 * </pre>
 */
public final class DockerComposeCheckKind implements CheckKind {
    private static final Set<String> SERVICE_KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>(List.of("state", "exitCode", "count", "startedAfter", "cel"));
        keys.addAll(Expectations.CONTAINER_KEYS);
        SERVICE_KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    @Override
    public String name() {
        return "docker-compose";
    }

    @Override
    public String summary() {
        return "a Compose project's services run as expected (state, count, ports, env, mounts, start order) and its volumes exist";
    }

    @Override
    public Set<String> keys() {
        return Set.of("project", "services", "volumes");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    private record Service(String name, ContainerState.Rule state, Optional<Integer> count,
                           List<String> startedAfter, Expectations expectations, CelAssertions cel) {
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String project = s.requiredText("project", "shop");
        List<Service> services = new ArrayList<>();
        JsonNode node = s.node().get("services");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                s.error("services", "'services' must map service names to what is expected of them", "e.g. services: {web: {state: running}}");
            } else {
                CheckSettings all = s.child("services");
                Iterator<String> names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    JsonNode svc = node.get(name);
                    if (svc != null && !svc.isNull() && !svc.isObject()) {
                        all.error(name, "service '" + name + "' must be a mapping (use {} for 'runs')", "");
                        continue;
                    }
                    CheckSettings one = all.child(name);
                    if (svc != null) {
                        svc.fieldNames().forEachRemaining(k -> {
                            if (!SERVICE_KEYS.contains(k)) {
                                one.errorAtKey(k, "unknown key '" + k + "' for a service", "allowed: " + String.join(", ", new java.util.TreeSet<>(SERVICE_KEYS)));
                            }
                        });
                    }
                    services.add(new Service(name, ContainerState.Rule.read(one), one.integer("count", 0, 100),
                            one.texts("startedAfter"), Expectations.read(one, Expectations.CONTAINER_KEYS),
                            CelAssertions.read(one, "cel", List.of("container"))));
                }
                for (Service svc : services) {
                    for (String dep : svc.startedAfter()) {
                        if (services.stream().noneMatch(o -> o.name().equals(dep))) {
                            all.child(svc.name()).error("startedAfter", "'" + dep + "' is not one of the services listed here", "");
                        }
                    }
                }
            }
        }
        List<String> volumes = s.texts("volumes");
        return s.failed() ? null : new Prepared(project, services, volumes);
    }

    /**
     * Whether waiting can still change a failing verdict: not while a container of the project is being created,
     * restarting, has just started or its health check is still starting (Compose may be waiting on it to start the
     * next service, {@code depends_on: condition: service_healthy}); otherwise the verdict is final once the project's
     * containers and the failures repeat unchanged ({@link Convergence#steady}), so a wrong
     * Compose file is told in about a second instead of at the check's timeout.
     */
    static Convergence convergence(String project, Map<String, List<ObjectNode>> byService,
            List<FieldFailure> failures) {
        StringBuilder token = new StringBuilder();
        for (Map.Entry<String, List<ObjectNode>> e : byService.entrySet()) {
            for (ObjectNode c : e.getValue()) {
                String name = c.path("Name").asText("").replaceFirst("^/", "");
                JsonNode state = c.path("State");
                String status = state.path("Status").asText("");
                if (status.equals("created") || status.equals("restarting")) {
                    return Convergence.converging("container " + name + " of service " + e.getKey() + " is " + status);
                }
                if (state.path("Health").path("Status").asText("").equals("starting")) {
                    return Convergence.converging("the health check of container " + name + " is starting");
                }
                if (ContainerState.justStarted(c).isPresent()) {
                    return Convergence.converging("container " + name + " has just started");
                }
                token.append(e.getKey()).append(' ').append(c.path("Id").asText()).append(' ').append(status).append(' ')
                        .append(state.path("StartedAt").asText()).append('\n');
            }
        }
        for (FieldFailure f : failures) {
            token.append(f.path()).append('=').append(f.actual()).append('\n');
        }
        return Convergence.steady(token.toString(),
                "compose project " + project + " is not changing: its containers stayed the same");
    }

    private record Prepared(String project, List<Service> services, List<String> volumes) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            DockerClient client = context.requireDocker().client();
            String where = "compose project " + project;
            List<Container> containers = Engine.containersLabelled(client, "com.docker.compose.project=" + project);
            if (containers.isEmpty() && !services.isEmpty()) {
                return Outcome.notFound(where, "compose project " + project + " has no containers — run docker compose -p " + project + " up -d");
            }
            Map<String, List<ObjectNode>> byService = new java.util.TreeMap<>();
            for (Container c : containers) {
                String service = c.getLabels() == null ? null : c.getLabels().get("com.docker.compose.service");
                if (service == null) {
                    continue;
                }
                Optional<ObjectNode> inspect = Engine.container(client, c.getId());
                inspect.ifPresent(i -> byService.computeIfAbsent(service, k -> new ArrayList<>()).add(i));
            }
            List<FieldFailure> failures = new ArrayList<>();
            for (Service svc : services) {
                String prefix = "services." + svc.name();
                List<ObjectNode> found = byService.getOrDefault(svc.name(), List.of());
                if (svc.count().isPresent() && svc.count().get() != found.size()) {
                    failures.add(FieldFailure.different(prefix + ".count", String.valueOf(svc.count().get()), String.valueOf(found.size())));
                }
                if (found.isEmpty()) {
                    if (svc.count().isEmpty() || svc.count().get() > 0) {
                        failures.add(FieldFailure.missing(prefix, "a container of service " + svc.name()
                                + (byService.isEmpty() ? "" : " (the project has " + String.join(", ", byService.keySet()) + ")")));
                    }
                    continue;
                }
                for (ObjectNode c : found) {
                    List<FieldFailure> own = new ArrayList<>(svc.state().evaluate(c));
                    own.addAll(svc.expectations().evaluate(c));
                    own.addAll(svc.cel().evaluate(Map.of("container", c), c));
                    for (FieldFailure f : own) {
                        failures.add(new FieldFailure(prefix + "." + f.path(), f.expected(), f.actual(), f.kind()));
                    }
                }
                for (String dep : svc.startedAfter()) {
                    Optional<Instant> mine = earliestStart(found);
                    Optional<Instant> theirs = latestStart(byService.getOrDefault(dep, List.of()));
                    if (mine.isPresent() && theirs.isPresent() && mine.get().isBefore(theirs.get())) {
                        failures.add(FieldFailure.different(prefix + ".State.StartedAt", "after " + dep + " started (" + theirs.get() + ")",
                                mine.get().toString()));
                    }
                }
            }
            for (String v : volumes) {
                boolean exists = Engine.volume(client, project + "_" + v).isPresent() || Engine.volume(client, v)
                        .filter(i -> project.equals(i.path("Labels").path("com.docker.compose.project").asText())).isPresent();
                if (!exists) {
                    failures.add(FieldFailure.missing("volumes." + v, "volume " + project + "_" + v + " created by Compose"));
                }
            }
            if (failures.isEmpty()) {
                return Outcome.pass(where, "compose project " + project + " runs " + String.join(", ", byService.keySet())
                        + (volumes.isEmpty() ? "" : " with volumes " + String.join(", ", volumes)));
            }
            return Outcome.fail(where, "compose project " + project + ": " + Fields.notAsExpected(failures), failures)
                    .with(convergence(project, byService, failures));
        }


        private static Optional<Instant> earliestStart(List<ObjectNode> cs) {
            return cs.stream().map(ContainerState::startedAt).flatMap(Optional::stream).min(Instant::compareTo);
        }

        private static Optional<Instant> latestStart(List<ObjectNode> cs) {
            return cs.stream().map(ContainerState::startedAt).flatMap(Optional::stream).max(Instant::compareTo);
        }
    }
}
