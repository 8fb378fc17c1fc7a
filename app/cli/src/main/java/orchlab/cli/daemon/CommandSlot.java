package orchlab.cli.daemon;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resident process's one command at a time: a second client that asks while a command runs is told "busy" (and
 * runs its command in a process of its own). The slot is freed <em>before</em> the exit code is sent
 * ({@link #finish}): a client gets its exit code and may send its next command at once, and that command must find
 * the slot free. Freeing it after sending the exit code (as before) let a client's next command be told "busy" —
 * silently run in a process of its own — whenever it arrived before the finishing thread released the permit, which
 * made {@code ResidentLabTest}'s back-to-back commands depend on thread scheduling.
 */
final class CommandSlot {
    /** What runs once the slot is free: sends the exit code. */
    @FunctionalInterface
    interface Answer<E extends Exception> {
        void send() throws E;
    }

    private final Semaphore permit = new Semaphore(1);
    private final AtomicInteger served = new AtomicInteger();
    private volatile long lastUsed = System.nanoTime();

    /** Takes the slot; false when a command is running (the caller answers "busy"). */
    boolean tryStart() {
        return permit.tryAcquire();
    }

    /** Whether a command holds the slot now. */
    boolean running() {
        return permit.availablePermits() == 0;
    }

    /** Counts the command, frees the slot, then sends its answer: whoever gets the answer finds the slot free. */
    <E extends Exception> void finish(Answer<E> answer) throws E {
        served.incrementAndGet();
        lastUsed = System.nanoTime();
        permit.release();
        answer.send();
    }

    /** Commands served so far. */
    int served() {
        return served.get();
    }

    /** {@link System#nanoTime()} when the last command ended (or the slot was made). */
    long lastUsed() {
        return lastUsed;
    }
}
