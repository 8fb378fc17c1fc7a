package orchlab.engine.progress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Course;
import orchlab.engine.course.CourseModule;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Lesson;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.yaml.Location;

/** Check reports and a small course for the progress tests. */
final class Reports {
    private Reports() {
    }

    /** k8s-deployment: replicas wrong (3 vs 2) and an image missing; the service check passed. */
    static CheckReport failing(String exercise) {
        return new CheckReport(exercise, List.of(
                new CheckResult.Failed("replicas", "Deployment web has three replicas",
                        "Deployment k8s-deployment/my-app", "Deployment web has 2 replicas, not 3",
                        List.of(FieldFailure.different("spec.replicas", "3", "2"),
                                FieldFailure.missing("spec.template.spec.containers[name=web].image", "nginx:1.27"),
                                FieldFailure.unexpected("spec.paused", "true")),
                        "Set spec.replicas to 3 and apply again.", Duration.ofNanos(20_000_123_456L),
                        Duration.ofSeconds(20), "", List.of()),
                passedResult("service"),
                new CheckResult.CouldNotLook("route", "Route exists", "exercise.yaml:12:5",
                        "the sandbox did not answer", "", Duration.ofMillis(7), Duration.ZERO)));
    }

    static CheckReport passing(String exercise) {
        return new CheckReport(exercise, List.of(passedResult("service"), passedResult("replicas")));
    }

    static CheckResult passedResult(String id) {
        return new CheckResult.Passed(id, "Check " + id + " passes", "Service k8s-deployment/my-app",
                "Service web answers", Duration.ofMillis(1500), Duration.ofSeconds(10));
    }

    /** A big report (about 100 KB as JSON) so that a write takes a while. */
    static CheckReport big(String exercise) {
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            List<FieldFailure> failures = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                failures.add(FieldFailure.different("spec.template.spec.containers[" + f + "].resources.limits.memory",
                        "128Mi", "256Mi"));
            }
            results.add(new CheckResult.Failed("check-" + i, "Check number " + i,
                    "Deployment web/app-" + i, "fields differ", failures, "Look at the limits.",
                    Duration.ofMillis(i), Duration.ofSeconds(10), "", List.of()));
        }
        return new CheckReport(exercise, results);
    }

    /** Course "orchlab": lesson deployments (k8s-deployment, scale-web), lesson services (k8s-service). */
    static Course course() {
        Map<String, Exercise> exercises = new LinkedHashMap<>();
        for (String id : List.of("k8s-deployment", "scale-web", "k8s-service")) {
            exercises.put(id, new Exercise(id, "Title of " + id, Path.of("exercises", id), new orchlab.engine.kind.builtin.KubernetesExerciseKind(), id,
                    "", List.of(), List.of(), Exercise.DEFAULT_TIMEOUT, List.of(), JsonNodeFactory.instance.objectNode(),
                    Location.ofFile("exercises/" + id + "/exercise.yaml")));
        }
        Lesson deployments = new Lesson("deployments", "Deployments", Path.of("lessons/deployments.md"), "",
                List.of("k8s-deployment", "scale-web"));
        Lesson services = new Lesson("services", "Services", Path.of("lessons/services.md"), "", List.of("k8s-service"));
        return new Course("orchlab", "OrchLab", "0.1.0", Path.of("."),
                List.of(new CourseModule("kubernetes-basics", "Kubernetes basics", List.of(deployments, services))),
                exercises);
    }
}
