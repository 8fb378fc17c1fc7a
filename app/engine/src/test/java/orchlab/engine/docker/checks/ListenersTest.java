package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.check.Convergence;
import org.junit.jupiter.api.Test;

/**
 * Where the app in a container listens, read from its {@code /proc/net/tcp} and {@code /proc/net/tcp6}, tells a
 * wrong published port or a loopback-only app without waiting for the start grace — and never judges an app that
 * listens on nothing yet (it may still be starting) or listens where the published port leads.
 * The texts are recorded {@code cat /proc/net/tcp /proc/net/tcp6} outputs of containers on Docker 20.10.
 */
class ListenersTest {
    private static final String HEADER4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static final String HEADER6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    /** busybox httpd -p 5000 (the stand-in python app.py of the wrong-port fixture): [::]:5000, IPv4 mapped */
    private static final String HTTPD_ON_5000 = HEADER4 + HEADER6
            + "   0: 00000000000000000000000000000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2471283 1 0000000000000000 100 0 0 10 0\n";
    /** an app bound to 127.0.0.1:8000, plus Docker's embedded DNS (127.0.0.11) on a Compose network */
    private static final String LOOPBACK_8000 = HEADER4
            + "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 0B00007F:A1B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 100 0 0 10 0\n"
            + HEADER6;
    /** the right app: 0.0.0.0:8000, with an established connection to it (state 01) */
    private static final String EVERY_INTERFACE_8000 = HEADER4
            + "   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 020011AC:1F40 010011AC:C350 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1\n"
            + HEADER6;
    /** only Docker's embedded DNS: the app has not opened its port yet */
    private static final String ONLY_DOCKER_DNS = HEADER4
            + "   0: 0B00007F:A1B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 100 0 0 10 0\n"
            + HEADER6;

    @Test
    void listeningSocketsAreReadFromBothFilesAndDockersDnsIsLeftOut() {
        assertThat(Listeners.parse(HTTPD_ON_5000)).containsExactly(new Listeners.Socket("::", 5000));
        assertThat(Listeners.parse(LOOPBACK_8000)).containsExactly(new Listeners.Socket("127.0.0.1", 8000));
        assertThat(Listeners.parse(EVERY_INTERFACE_8000)).as("an established connection is not a listener")
                .containsExactly(new Listeners.Socket("0.0.0.0", 8000));
        assertThat(Listeners.parse(ONLY_DOCKER_DNS)).isEmpty();
    }

    @Test
    void anAppListeningOnAnotherPortIsSteadyAndTheMessageNamesWhereItListens() {
        var decision = Listeners.judge(Listeners.parse(HTTPD_ON_5000), 8000, "hello-py", "answer").orElseThrow();

        assertThat(decision.convergence().state()).isEqualTo(Convergence.State.STEADY);
        assertThat(decision.note()).isEqualTo("the app in container hello-py listens on [::]:5000, not on the published container port 8000");
    }

    @Test
    void anAppListeningOnlyOnLoopbackIsSteadyAndTheMessageSaysToListenOnEveryInterface() {
        var decision = Listeners.judge(Listeners.parse(LOOPBACK_8000), 8000, "hello-py", "answer").orElseThrow();

        assertThat(decision.convergence().state()).isEqualTo(Convergence.State.STEADY);
        assertThat(decision.note()).contains("listens on 127.0.0.1:8000").contains("listen on 0.0.0.0:8000");
    }

    @Test
    void anAppListeningNowhereYetOrOnThePublishedPortIsNotJudged() {
        assertThat(Listeners.judge(Listeners.parse(ONLY_DOCKER_DNS), 8000, "hello-py", "answer"))
                .as("a slow app that has not opened its port may still open it").isEmpty();
        assertThat(Listeners.judge(Listeners.parse(EVERY_INTERFACE_8000), 8000, "hello-py", "answer")).isEmpty();
    }

    @Test
    void theAppOpeningAnotherPortChangesTheToken() {
        var before = Listeners.judge(List.of(new Listeners.Socket("0.0.0.0", 9000)), 8000, "hello-py", "answer").orElseThrow();
        var after = Listeners.judge(List.of(new Listeners.Socket("0.0.0.0", 9000), new Listeners.Socket("127.0.0.1", 8000)), 8000,
                "hello-py", "answer").orElseThrow();

        assertThat(after.convergence().token()).isNotEqualTo(before.convergence().token());
    }
}
