package orchlab.engine.progress;

import java.nio.file.Path;
import java.time.Clock;
import orchlab.engine.check.CheckReport;

/**
 * Child process of {@link ProgressSurvivesKillTest}: records a Check in a tight loop and prints
 * {@code saved N} after each save returned, until it is killed.
 */
public final class ProgressSaver {
    private ProgressSaver() {
    }

    public static void main(String[] args) throws Exception {
        ProgressStore store = new ProgressStore(Path.of(args[0]), Clock.systemUTC());
        CheckReport report = Reports.big("k8s-deployment");
        while (true) {
            CourseProgress saved = store.recordCheck("orchlab", report);
            System.out.println("saved " + saved.exercise("k8s-deployment").attempts());
            System.out.flush();
        }
    }
}
