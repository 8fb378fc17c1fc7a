package orchlab.desktop;

import java.util.concurrent.Executor;

/**
 * The FX thread's stand-in for view-model tests without a toolkit: runs each task at once on the calling thread, but one
 * at a time, as the FX thread does. A plain {@code Runnable::run} let two check threads change the rows' observable list
 * at the same moment ("Called endChange before beginChange"), something the real FX thread never allows.
 */
public final class FxThreadStandIn implements Executor {

    private final Object oneAtATime = new Object();

    @Override
    public void execute(Runnable task) {
        synchronized (oneAtATime) {
            task.run();
        }
    }
}
