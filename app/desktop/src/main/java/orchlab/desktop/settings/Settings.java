package orchlab.desktop.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the learner chose in Settings, and the window layout, stored in {@code settings.json} under the
 * lab's config folder. Absent values mean "the default".
 *
 * @param theme       {@code light} or {@code dark}
 * @param sandbox     {@code auto} (k3s when possible, else the simulated cluster), {@code k3s}, {@code sim}
 *                    or {@code kubeconfig}
 * @param kubeconfig  the kubeconfig file to use with {@code sandbox = kubeconfig}; only ever read
 * @param context     the context inside it the learner chose for the lab
 * @param dockerHost  Docker endpoint for Docker exercises; empty: like the Docker CLI
 * @param course      the course folder or pack last opened; empty: the built-in course
 * @param dividers    split pane positions, outermost first
 * @param exerciseDividers per exercise id, the position of the divider between the exercise and the bottom panel
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(String theme, String sandbox, String kubeconfig, String context, String dockerHost,
                       String course, List<Double> dividers, Double width, Double height,
                       Map<String, Double> exerciseDividers) {

    public static final String AUTO = "auto";

    public Settings {
        theme = theme == null || theme.isBlank() ? "light" : theme;
        sandbox = sandbox == null || sandbox.isBlank() ? AUTO : sandbox;
        dividers = dividers == null ? List.of() : List.copyOf(dividers);
        exerciseDividers = exerciseDividers == null ? Map.of() : Map.copyOf(exerciseDividers);
    }

    public static Settings defaults() {
        return new Settings(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean dark() {
        return "dark".equals(theme);
    }

    public Optional<String> kubeconfigFile() {
        return blankToEmpty(kubeconfig);
    }

    public Optional<String> kubeContext() {
        return blankToEmpty(context);
    }

    public Optional<String> docker() {
        return blankToEmpty(dockerHost);
    }

    public Optional<String> lastCourse() {
        return blankToEmpty(course);
    }

    public Settings withTheme(String value) {
        return new Settings(value, sandbox, kubeconfig, context, dockerHost, course, dividers, width, height, exerciseDividers);
    }

    public Settings withSandbox(String type, String kubeconfigFile, String contextName) {
        return new Settings(theme, type, kubeconfigFile, contextName, dockerHost, course, dividers, width, height, exerciseDividers);
    }

    public Settings withDockerHost(String value) {
        return new Settings(theme, sandbox, kubeconfig, context, value, course, dividers, width, height, exerciseDividers);
    }

    public Settings withCourse(String value) {
        return new Settings(theme, sandbox, kubeconfig, context, dockerHost, value, dividers, width, height, exerciseDividers);
    }

    public Settings withLayout(List<Double> newDividers, double newWidth, double newHeight) {
        return new Settings(theme, sandbox, kubeconfig, context, dockerHost, course, newDividers, newWidth, newHeight, exerciseDividers);
    }

    /** Where the divider between an exercise and the bottom panel was when the learner left that exercise. */
    public Settings withExerciseDivider(String exerciseId, double position) {
        Map<String, Double> all = new java.util.TreeMap<>(exerciseDividers);
        all.put(exerciseId, position);
        return new Settings(theme, sandbox, kubeconfig, context, dockerHost, course, dividers, width, height, all);
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
