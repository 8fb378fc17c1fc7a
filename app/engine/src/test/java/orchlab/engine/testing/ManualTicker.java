package orchlab.engine.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import orchlab.engine.check.Ticker;

/** Time that only moves when the code under test sleeps: timeouts are tested without waiting. */
public final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.incrementAndGet();
        nanos.addAndGet(duration.toNanos());
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    public long sleeps() {
        return sleeps.get();
    }
}
