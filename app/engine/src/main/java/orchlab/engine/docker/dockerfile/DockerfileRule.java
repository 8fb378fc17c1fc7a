package orchlab.engine.docker.dockerfile;

import java.util.List;
import java.util.function.Function;

/**
 * A Dockerfile rule. Ids follow hadolint where the rule means the same ({@code DL3006}, {@code DL3025}, ...);
 * rules hadolint does not have use {@code OL} ids ("OrchLab").
 *
 * @param title            one line for documentation and rule pickers
 * @param enabledByDefault whether the rule runs when an exercise lists no rules
 */
public record DockerfileRule(String id, Severity severity, String title, boolean enabledByDefault,
                             Function<Dockerfile, List<RuleViolation>> checker) {

    public List<RuleViolation> check(Dockerfile dockerfile) {
        return checker.apply(dockerfile);
    }
}
