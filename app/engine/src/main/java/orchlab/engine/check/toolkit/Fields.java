package orchlab.engine.check.toolkit;

import java.util.List;
import orchlab.engine.check.FieldFailure;

/** Wording shared by the check kinds. */
public final class Fields {
    private Fields() {
    }

    /** {@code 1 field not as expected} / {@code 2 fields not as expected}; the failures themselves are listed by the report. */
    public static String notAsExpected(List<FieldFailure> failures) {
        return failures.size() + (failures.size() == 1 ? " field" : " fields") + " not as expected";
    }
}
