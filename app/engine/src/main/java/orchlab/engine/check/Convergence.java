package orchlab.engine.check;

/**
 * What a check kind knows about whether waiting can still change a failing verdict. The engine never guesses by
 * kind name: each kind says, with every attempt, whether the state it judged is final ({@link #settled}), still
 * moving ({@link #converging}) or unknown to it ({@link #unknown} — the engine then waits as long as it may).
 *
 * @param why one sentence for the learner: what settled, or what the cluster is still doing
 */
public record Convergence(State state, String why) {

    public enum State {
        /** nothing that could change the verdict is happening: a failure is final now */
        SETTLED,
        /** the cluster is still creating or rolling out something: waiting may change the verdict */
        CONVERGING,
        /** the kind cannot tell; the engine keeps trying until the check's timeout */
        UNKNOWN
    }

    public static final Convergence UNKNOWN = new Convergence(State.UNKNOWN, "");

    public Convergence {
        why = why == null ? "" : why;
    }

    public static Convergence settled(String why) {
        return new Convergence(State.SETTLED, why);
    }

    public static Convergence converging(String why) {
        return new Convergence(State.CONVERGING, why);
    }

    public boolean isSettled() {
        return state == State.SETTLED;
    }
}
