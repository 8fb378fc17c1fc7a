package orchlab.engine.docker.checks;

import java.util.List;
import orchlab.engine.check.FieldFailure;

/** Wording shared by the Docker check kinds, in the style of the Kubernetes kinds. */
final class Fields {
    private Fields() {
    }

    /** {@code 1 field not as expected} / {@code 2 fields not as expected}; the failures themselves are listed by the report. */
    static String notAsExpected(List<FieldFailure> failures) {
        return failures.size() + (failures.size() == 1 ? " field" : " fields") + " not as expected";
    }
}
