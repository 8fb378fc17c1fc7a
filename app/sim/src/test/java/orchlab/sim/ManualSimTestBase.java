package orchlab.sim;

import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the in-process behaviour tests: a fresh sim per test in manual mode (controllers run only when the
 * test calls {@code cluster.reconcile()}), Pods start at once (unless a test's {@link #settings()} says otherwise), and
 * the sim's clock moves only by {@code clock.advance} (or {@link #advance}).
 */
abstract class ManualSimTestBase {

    protected final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    protected SimCluster cluster;

    /** The sim's settings: instant, Pods start at once. */
    protected SimSettings settings() {
        return SimSettings.instant().withPodStartDelay(Duration.ZERO);
    }

    @BeforeEach
    void startManualSim() throws Exception {
        cluster = SimCluster.manual(settings(), clock);
    }

    @AfterEach
    void stopManualSim() {
        cluster.close();
    }

    /** Moves the sim's clock and lets every controller run at the new time. */
    protected void advance(int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        cluster.reconcile();
    }

    /** GET of an API path, parsed. */
    protected ObjectNode get(String path) {
        return json(send(cluster, "GET", path, "application/json", ""));
    }

    /** The Pods of a namespace as stored. */
    protected List<ObjectNode> pods(String namespace) {
        SimContext ctx = cluster.context();
        return ctx.list(ctx.pods, namespace, p -> true);
    }

    /** The messages of the events in {@code default} with this reason. */
    protected List<String> eventMessages(String reason) {
        SimContext ctx = cluster.context();
        return ctx.list(ctx.catalog.require("", "events"), "default", e -> e.path("reason").asText().equals(reason))
                .stream().map(e -> e.path("message").asText()).toList();
    }
}
