package orchlab.engine.sandbox;

import java.util.Map;

/** Labels on everything the lab creates, so reset and cleanup touch only the lab's own objects. */
public final class LabLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "orchlab";
    public static final String EXERCISE = "orchlab.dev/exercise";
    /** Docker objects use a dotted label, as the Docker issue asks ({@code orchlab.exercise=<id>}). */
    public static final String DOCKER_EXERCISE = "orchlab.exercise";
    public static final String DOCKER_MANAGED = "orchlab.managed";

    private LabLabels() {
    }

    public static Map<String, String> forExercise(String exerciseId) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, EXERCISE, exerciseId);
    }

    public static Map<String, String> forDockerExercise(String exerciseId) {
        return Map.of(DOCKER_MANAGED, "true", DOCKER_EXERCISE, exerciseId);
    }
}
