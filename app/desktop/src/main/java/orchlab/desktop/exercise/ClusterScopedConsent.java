package orchlab.desktop.exercise;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.PackReach;
import orchlab.engine.exercise.PackReach.ClusterObject;
import orchlab.engine.sandbox.SandboxException;

/**
 * The app's side of ADR 0009's consent: before an exercise's setup creates cluster-scoped objects (a
 * CustomResourceDefinition, IngressClass or StorageClass — the only ones a pack may ask for), the learner is shown
 * them by kind and name and chooses. An answer of yes is remembered for this exercise until its Reset (the lab's
 * record of what it created lets Reset remove exactly those objects again); an answer of no applies nothing of the
 * setup, and the exercise says so until it is reset or opened again.
 */
public final class ClusterScopedConsent {
    /** Shows the question; called on the FX thread; completes with the learner's answer (true: create them). */
    @FunctionalInterface
    public interface Asker {
        CompletableFuture<Boolean> ask(Exercise exercise, List<ClusterObject> objects);
    }

    /** The learner's choice for one start of an exercise. */
    public enum Decision {
        /** the setup has no cluster-scoped object: nothing to ask */
        NOT_NEEDED,
        AGREED,
        DECLINED
    }

    /** Why nothing of the setup was applied: the learner said no. Its message is for the learner. */
    public static final class Declined extends SandboxException {
        Declined(Exercise exercise, List<ClusterObject> objects) {
            super("You chose not to create " + objects.stream().map(ClusterObject::toString).collect(Collectors.joining(", "))
                    + " (cluster-wide), so nothing of the setup of " + exercise.id() + " was applied and its checks cannot pass."
                    + " Press Reset to be asked again.");
        }
    }

    private final Asker asker;
    private final Executor fx;
    private final Map<String, Set<String>> agreed = new ConcurrentHashMap<>();

    /**
     * @param asker shows the question (the app: {@link ClusterScopedConsentDialog})
     * @param fx    the FX thread, where the asker runs
     */
    public ClusterScopedConsent(Asker asker, Executor fx) {
        this.asker = asker;
        this.fx = fx;
    }

    /** Until a window asks: every cluster-scoped object is declined, so nothing cluster-wide happens unasked. */
    public static ClusterScopedConsent declineAll() {
        return new ClusterScopedConsent((exercise, objects) -> CompletableFuture.completedFuture(false), Runnable::run);
    }

    /**
     * Asks, when the exercise's setup has cluster-scoped objects the learner has not yet agreed to, and waits for the
     * answer. Call it on a background thread, never on the FX thread.
     */
    public Decision decide(Exercise exercise) throws InterruptedException {
        return decide(exercise, PackReach.clusterScopedSetup(exercise));
    }

    /**
     * {@link #decide(Exercise)} for the objects starting would create in the sandbox at hand ({@code Lab.clusterScopedObjects}:
     * the setup's, plus Istio's API where the cluster does not serve it).
     */
    public Decision decide(Exercise exercise, List<ClusterObject> objects) throws InterruptedException {
        if (objects.isEmpty()) {
            return Decision.NOT_NEEDED;
        }
        Set<String> names = objects.stream().map(ClusterObject::toString).collect(Collectors.toSet());
        if (agreed.getOrDefault(exercise.id(), Set.of()).containsAll(names)) {
            return Decision.AGREED;
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        fx.execute(() -> {
            try {
                asker.ask(exercise, objects).whenComplete((yes, error) -> answer.complete(error == null && Boolean.TRUE.equals(yes)));
            } catch (RuntimeException e) {
                answer.complete(false);
            }
        });
        boolean yes;
        try {
            yes = answer.get();
        } catch (ExecutionException e) {
            yes = false;
        }
        if (!yes) {
            return Decision.DECLINED;
        }
        agreed.put(exercise.id(), Set.copyOf(names));
        return Decision.AGREED;
    }

    /** {@link #decide} as the exercise's start needs it: true when agreed, false when there is nothing to agree to. */
    boolean allowFor(Exercise exercise, List<ClusterObject> objects) throws InterruptedException, Declined {
        Decision decision = decide(exercise, objects);
        if (decision == Decision.DECLINED) {
            throw new Declined(exercise, objects);
        }
        return decision == Decision.AGREED;
    }

    /** Reset: the next start asks again. */
    public void forget(Exercise exercise) {
        agreed.remove(exercise.id());
    }
}
