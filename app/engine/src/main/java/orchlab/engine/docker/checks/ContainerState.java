package orchlab.engine.docker.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.CheckSettings;

/**
 * What the Docker kinds share about a container: its wanted state ({@code state}, {@code exitCode}), how its state
 * reads, how long it has been up, whether waiting can still change it, and how a container port is written. Kinds
 * use this rather than each other's internals. It also says when a failing network or volume verdict is final
 * ({@link #missing}, {@link #unchanged}).
 */
public final class ContainerState {
    static final Set<String> STATES = Set.of("running", "exited", "created", "paused", "restarting", "exists");

    private ContainerState() {
    }

    /** {@code exited with code 1 (…)}, {@code running}. */
    public static String describe(JsonNode inspect) {
        return Rule.describe(inspect);
    }

    /**
     * Settled when the container has exited and nothing restarts it (no restart policy): only a new run changes any
     * verdict about it, so a check answers now instead of waiting its timeout.
     */
    public static Optional<Convergence> exitedForGood(JsonNode inspect, String container) {
        String status = inspect.path("State").path("Status").asText("");
        String restart = inspect.path("HostConfig").path("RestartPolicy").path("Name").asText("");
        if (status.equals("exited") && (restart.isEmpty() || restart.equals("no"))) {
            return Optional.of(Convergence.settled("container " + container
                    + " has exited and has no restart policy — only a new run changes it"));
        }
        return Optional.empty();
    }

    /**
     * A network or volume the check names does not exist. The engine never makes one by itself — only a command
     * does ({@code docker network create}, {@code docker volume create}, {@code docker run -v name:…}, Compose's
     * {@code up}) — so the verdict is final once it repeats with the engine's networks or volumes unchanged.
     *
     * @param what     {@code network} or {@code volume}
     * @param existing the names of that kind the engine has now
     */
    public static Convergence missing(String what, String name, List<String> existing) {
        return Convergence.steady("missing " + what + " " + name + "\n" + String.join("\n", existing),
                "no " + what + " " + name + " exists and the engine's " + what + "s stay the same — only a command creates one");
    }

    /**
     * A network or volume exists but is not as expected. Its driver, options and labels are fixed when it is
     * created, so only what Docker reports changing (another one under that name, containers attached or detached)
     * can change the verdict: final once the same object and failures repeat.
     */
    public static Convergence unchanged(String what, String name, JsonNode inspect, List<FieldFailure> failures) {
        StringBuilder token = new StringBuilder(inspect.path("Id").asText(inspect.path("CreatedAt").asText()))
                .append('\n').append(inspect.path("Containers").toString()).append('\n');
        failures.forEach(f -> token.append(f.path()).append('=').append(f.actual()).append('\n'));
        return Convergence.steady(token.toString(), what + " " + name + " stays the same — a " + what
                + "'s settings are fixed when it is created");
    }

    /** {@code 8000} → {@code 8000/tcp}; empty when it is not a port. */
    public static Optional<String> portKey(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?").matcher(text.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + "/" + (m.group(2) == null ? "tcp" : m.group(2)));
    }

    /** The {@code state} and {@code exitCode} settings. */
    public record Rule(String state, Optional<Integer> exitCode) {
        static Rule read(CheckSettings s) {
            Optional<Integer> exitCode = s.integer("exitCode", 0, 255);
            String state = s.text("state").orElse(exitCode.isPresent() ? "exited" : "running");
            if (!STATES.contains(state)) {
                s.error("state", "'" + state + "' is not a container state", "use one of " + String.join(", ", new java.util.TreeSet<>(STATES)));
            }
            if (exitCode.isPresent() && !state.equals("exited")) {
                s.error("exitCode", "exitCode only makes sense with state: exited", "");
            }
            return new Rule(state, exitCode);
        }

        /** Failures of the container's state, with the last lines it printed when it stopped unexpectedly. */
        List<FieldFailure> evaluate(JsonNode inspect) {
            String status = inspect.path("State").path("Status").asText("");
            int code = inspect.path("State").path("ExitCode").asInt();
            List<FieldFailure> out = new ArrayList<>();
            switch (state) {
                case "exists" -> { }
                case "exited" -> {
                    if (!status.equals("exited")) {
                        out.add(FieldFailure.different("State.Status", "exited", status));
                    } else if (exitCode.isPresent() && exitCode.get() != code) {
                        out.add(FieldFailure.different("State.ExitCode", String.valueOf(exitCode.get()), String.valueOf(code)));
                    }
                }
                default -> {
                    if (!status.equals(state)) {
                        out.add(FieldFailure.different("State.Status", state, describe(inspect)));
                    }
                }
            }
            return out;
        }

        public static String describe(JsonNode inspect) {
            String status = inspect.path("State").path("Status").asText("");
            if (status.equals("exited") || status.equals("restarting")) {
                String error = inspect.path("State").path("Error").asText("");
                return status + " with code " + inspect.path("State").path("ExitCode").asInt() + (error.isEmpty() ? "" : " (" + error + ")");
            }
            return status;
        }
    }

    /** How long a container must have been running before {@code state: running} passes. */
    public static final Duration STEADY = Duration.ofSeconds(2);

    /**
     * How long ago a running container started, when that is less than {@link #STEADY}: a container whose command
     * fails exits a moment after it starts, so until then "running" may not last. Empty when it has been running
     * longer, is not running, or the engine's clock cannot tell.
     */
    public static Optional<Duration> justStarted(ObjectNode inspect) {
        return runningFor(inspect).filter(up -> up.compareTo(STEADY) < 0);
    }

    /** How long the container has been running by the engine's clock; empty when it cannot tell (clock skew). */
    static Optional<Duration> runningFor(ObjectNode inspect) {
        if (!inspect.path("State").path("Running").asBoolean(false)) {
            return Optional.empty();
        }
        return startedAt(inspect).map(t -> Duration.between(t, java.time.Instant.now())).filter(up -> !up.isNegative());
    }

    /** When the container last started; empty when it never did (Docker says 0001-01-01) or the time is unreadable. */
    static Optional<java.time.Instant> startedAt(ObjectNode inspect) {
        try {
            java.time.Instant t = java.time.Instant.parse(inspect.path("State").path("StartedAt").asText(""));
            return t.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(t);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

}
