package orchlab.engine.helm;

import java.util.Optional;

/**
 * Helm refused or failed: {@link #getMessage()} is Helm's own text (without the "--debug" advice, which a
 * learner of the lab cannot act on), and {@link #problem()} the chart file and line when Helm names one.
 */
public final class HelmException extends Exception {
    private final transient Optional<HelmMessage> problem;

    public HelmException(String helmMessage) {
        super(HelmMessage.clean(helmMessage));
        this.problem = HelmMessage.locate(HelmMessage.Severity.ERROR, getMessage());
    }

    /** Where in the chart Helm says the error is, when it says so. */
    public Optional<HelmMessage> problem() {
        return problem;
    }
}
