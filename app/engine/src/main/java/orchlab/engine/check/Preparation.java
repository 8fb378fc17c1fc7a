package orchlab.engine.check;

import java.util.List;
import orchlab.engine.course.Problem;

/**
 * What preparing a check gave, once, when the course loaded: a check ready to run, or the problems that keep it from
 * running. It is kept with the check ({@link orchlab.engine.course.CheckSpec#preparation()}), so the engine runs what
 * the loader prepared and never prepares again.
 */
public sealed interface Preparation permits Preparation.Ready, Preparation.Refused {

    /** Every problem found while preparing (a ready check may carry warnings). */
    List<Problem> problems();

    /** @param problems warnings only */
    record Ready(PreparedCheck check, List<Problem> problems) implements Preparation {
        public Ready {
            problems = List.copyOf(problems);
        }
    }

    /** @param problems at least one error, each at its line */
    record Refused(List<Problem> problems) implements Preparation {
        public Refused {
            problems = List.copyOf(problems);
        }

        /** The first error, as the learner sees it in a report ({@code exercise.yaml:5:11: error: ...}). */
        public String message() {
            return problems.stream().filter(Problem::isError).map(Problem::format).findFirst().orElse("invalid check");
        }
    }
}
