package orchlab.engine.check;

import java.time.Duration;

/** Time as the check engine sees it; tests replace it so that no test depends on real time. */
public interface Ticker {

    long nanos();

    void sleep(Duration duration) throws InterruptedException;

    static Ticker system() {
        return new Ticker() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(Math.max(0, duration.toMillis()));
            }
        };
    }
}
