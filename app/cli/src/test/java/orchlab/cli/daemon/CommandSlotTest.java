package orchlab.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resident process's one-command-at-a-time slot, and the order in which a finished command frees it. */
class CommandSlotTest {
    @Test
    void aSecondCommandIsRefusedWhileOneRuns() {
        CommandSlot slot = new CommandSlot();

        assertThat(slot.tryStart()).isTrue();

        assertThat(slot.running()).isTrue();
        assertThat(slot.tryStart()).as("a second client is told busy").isFalse();
    }

    @Test
    void theSlotIsFreeBeforeTheExitCodeIsSent() {
        CommandSlot slot = new CommandSlot();
        slot.tryStart();
        List<Boolean> freeWhenSent = new ArrayList<>();

        // the answer stands for writing the exit code: a client that gets it may send its next command at once
        slot.finish(() -> freeWhenSent.add(slot.tryStart()));

        assertThat(freeWhenSent).as("the next command, sent on the exit code, finds the slot free").containsExactly(true);
        assertThat(slot.served()).isEqualTo(1);
    }

    @Test
    void aCommandThatEndsWithoutAnAnswerStillFreesTheSlot() {
        CommandSlot slot = new CommandSlot();
        slot.tryStart();

        slot.finish(() -> { }); // a cancelled command: its client is gone

        assertThat(slot.running()).isFalse();
        assertThat(slot.tryStart()).isTrue();
    }
}
