package orchlab.engine.check;

/**
 * What a check kind knows about whether waiting can still change a failing verdict. The engine never guesses by
 * kind name: each kind says, with every attempt, whether the state it judged is final ({@link #settled}), still
 * moving ({@link #converging}), final once it repeats ({@link #steady}) or unknown to it ({@link #unknown} — the
 * engine then waits as long as it may).
 *
 * @param why   one sentence for the learner: what settled, or what the cluster is still doing
 * @param token for {@link State#STEADY}: what was seen (the answer and the versions of the objects behind it); the
 *              verdict is final once the same token comes back on {@link #STEADY_ATTEMPTS} attempts in a row
 */
public record Convergence(State state, String why, String token) {

    /** How many attempts in a row must see the same {@link State#STEADY} token before the engine answers. */
    public static final int STEADY_ATTEMPTS = 3;

    public enum State {
        /** nothing that could change the verdict is happening: a failure is final now */
        SETTLED,
        /** the cluster is still creating or rolling out something: waiting may change the verdict */
        CONVERGING,
        /**
         * nothing the kind can see is moving, but the verdict comes from something it cannot see settle (what a
         * process answers): final when the same answer repeats with nothing changing, {@link #STEADY_ATTEMPTS} times
         */
        STEADY,
        /** the kind cannot tell; the engine keeps trying until the check's timeout */
        UNKNOWN
    }

    public static final Convergence UNKNOWN = new Convergence(State.UNKNOWN, "", "");

    public Convergence {
        why = why == null ? "" : why;
        token = token == null ? "" : token;
    }

    public Convergence(State state, String why) {
        this(state, why, "");
    }

    public static Convergence settled(String why) {
        return new Convergence(State.SETTLED, why);
    }

    public static Convergence converging(String why) {
        return new Convergence(State.CONVERGING, why);
    }

    /** Final once {@code token} is seen on {@link #STEADY_ATTEMPTS} attempts in a row; {@code why} says what then. */
    public static Convergence steady(String token, String why) {
        return new Convergence(State.STEADY, why, token);
    }

    public boolean isSettled() {
        return state == State.SETTLED;
    }
}
