package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading where an app listens (an exec's output) keeps at most its limit in memory. */
class BoundedOutputTest {
    private static Frame out(String text) {
        return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesWithinTheLimitAreJoined() {
        Engine.BoundedOutput output = new Engine.BoundedOutput(16);
        output.onNext(out("  sl  local"));
        output.onNext(out("_addr"));
        assertThat(output.text()).contains("  sl  local_addr");
    }

    @Test
    void anOutputPastTheLimitIsAbandonedAndReadsAsNothing() {
        Engine.BoundedOutput output = new Engine.BoundedOutput(16);
        output.onNext(out("0123456789"));
        output.onNext(out("0123456789"));
        output.onNext(out("more"));
        assertThat(output.text()).isEmpty();
    }

    @Test
    void noOutputReadsAsNothing() {
        assertThat(new Engine.BoundedOutput(16).text()).isEmpty();
    }
}
