package orchlab.engine.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.yaml.Location;

/**
 * {@code kind: helm} — the workspace holds a chart (and values files); Install/Upgrade runs real Helm's
 * {@code upgrade --install} of it as the exercise's release in its namespace; reset uninstalls the release and
 * empties the namespace.
 *
 * <pre>
 * kind: helm
 * helm:
 *   chart: my-app-chart          # the chart's folder in the workspace (and in solution/)
 *   release: my-app
 *   values: [values-prod.yaml]   # values files in the workspace given to install/upgrade, in order (optional)
 *   installStarter: true         # start installs the starter's chart as revision 1 (optional)
 * </pre>
 */
public final class HelmExerciseKind implements ExerciseKind {

    @Override
    public String name() {
        return "helm";
    }

    @Override
    public String summary() {
        return "the learner writes a Helm chart; Install/Upgrade runs helm upgrade --install of it in the exercise's namespace";
    }

    @Override
    public Optional<String> section() {
        return Optional.of("helm");
    }

    @Override
    public Set<SandboxKind> needs() {
        return Set.of(SandboxKind.KUBERNETES);
    }

    @Override
    public Workspace workspace() {
        return Workspace.FILES;
    }

    @Override
    public List<StepLabel> steps() {
        return List.of(new StepLabel("apply", "Install/Upgrade",
                "Save the chart and run helm upgrade --install of it as the exercise's release"));
    }

    @Override
    public ExerciseDriver driver(ExerciseDriver sandboxDriver) {
        return new HelmExerciseDriver(sandboxDriver);
    }

    @Override
    public String applying(String file) {
        return "Installing the chart (helm upgrade --install)";
    }

    @Override
    public String applied(String file) {
        return "helm upgrade --install: ";
    }

    @Override
    public String resetRemoves(Exercise exercise, String namespace) {
        return "release " + HelmSection.of(exercise).release() + " is uninstalled and everything in namespace " + namespace
                + " is removed (only objects of this exercise)";
    }

    @Override
    public String resetDone(Exercise exercise, String namespace) {
        return "Starter files restored; release " + HelmSection.of(exercise).release() + " uninstalled, namespace " + namespace
                + " emptied and set up again.";
    }

    @Override
    public String whereItRuns(Exercise exercise, String namespace) {
        return "Helm exercise · release " + HelmSection.of(exercise).release() + " · namespace " + namespace;
    }

    @Override
    public Optional<String> namespaceToFollow(Exercise exercise) {
        return Optional.of(exercise.namespace());
    }

    @Override
    public void validate(JsonNode section, Function<String, Location> locate, Problems problems) {
        if (section.isMissingNode()) {
            problems.error(locate.apply(""), "a Helm exercise needs a 'helm:' section with chart and release",
                    "for example: helm: {chart: my-app-chart, release: my-app}");
            return;
        }
        for (String key : List.of("chart", "release")) {
            JsonNode n = section.path(key);
            if (!n.isTextual() || n.asText().isBlank()) {
                problems.error(locate.apply(n.isMissingNode() ? "" : "/" + key), "'helm: " + key + ":' is required (text)");
            }
        }
        JsonNode values = section.path("values");
        if (!values.isMissingNode()) {
            if (!values.isArray()) {
                problems.error(locate.apply("/values"), "'values' must be a list of values files in the workspace");
            } else {
                for (int i = 0; i < values.size(); i++) {
                    String v = values.get(i).asText("");
                    if (v.isBlank() || Path.of(v).isAbsolute() || Path.of(v).normalize().startsWith("..")) {
                        problems.error(locate.apply("/values/" + i), "a values file must be a path inside the workspace");
                    }
                }
            }
        }
        section.fieldNames().forEachRemaining(k -> {
            if (!List.of("chart", "release", "values", "installStarter").contains(k)) {
                problems.error(locate.apply("/" + k), "unknown key '" + k + "' in helm: (chart, release, values, installStarter)");
            }
        });
    }

    /** The exercise's {@code helm:} section. */
    record HelmSection(String chart, String release, List<String> values, boolean installStarter) {
        static HelmSection of(Exercise exercise) {
            JsonNode s = exercise.docker();
            List<String> values = new java.util.ArrayList<>();
            s.path("values").forEach(v -> values.add(v.asText()));
            return new HelmSection(s.path("chart").asText("chart"), s.path("release").asText(exercise.id()), values,
                    s.path("installStarter").asBoolean(false));
        }
    }
}
