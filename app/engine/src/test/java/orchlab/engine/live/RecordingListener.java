package orchlab.engine.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Keeps what a watch delivered; waits on conditions (polling its own lists) with a generous ceiling. */
final class RecordingListener implements LiveListener {

    static final Duration CEILING = Duration.ofSeconds(30);

    final List<List<LiveObject>> snapshots = new CopyOnWriteArrayList<>();
    final List<LiveEvent> events = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger resolved = new AtomicInteger();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void objects(List<LiveObject> snapshot) {
        threads.add(Thread.currentThread().getName());
        snapshots.add(snapshot);
    }

    @Override
    public void event(LiveEvent e) {
        events.add(e);
    }

    @Override
    public void problem(String message) {
        problems.add(message);
    }

    @Override
    public void resolved() {
        resolved.incrementAndGet();
    }

    List<LiveObject> latest() {
        return snapshots.isEmpty() ? List.of() : snapshots.get(snapshots.size() - 1);
    }

    /** The first delivered snapshot (in order of delivery, latest first checked last) that satisfies the condition. */
    List<LiveObject> awaitSnapshot(String what, Predicate<List<LiveObject>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (true) {
            if (!snapshots.isEmpty() && condition.test(latest())) {
                return latest();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + CEILING.toSeconds() + " s waiting for a snapshot where " + what
                        + "; last snapshot: " + latest() + "; problems: " + problems);
            }
            Thread.sleep(20);
        }
    }

    List<LiveEvent> awaitEvents(String what, Predicate<List<LiveEvent>> condition) throws InterruptedException {
        await(what, () -> condition.test(List.copyOf(events)), () -> "events: " + events);
        return List.copyOf(events);
    }

    String awaitProblem() throws InterruptedException {
        await("a problem is reported", () -> !problems.isEmpty(), () -> "snapshots: " + snapshots);
        return problems.get(0);
    }

    static void await(String what, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + CEILING.toSeconds() + " s waiting until " + what + "; " + state.get());
            }
            Thread.sleep(20);
        }
    }
}
