package orchlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import orchlab.engine.sandbox.ProgressListener;
import org.junit.jupiter.api.Test;

class ComposeFailureTest {

    @Test
    void anInvalidFileGivesComposesReasonsNotItsPointerToTheDocs() {
        List<String> v1 = List.of(
                "The Compose file './compose.yaml' is invalid because:",
                "'name' does not match any of the regexes: '^x-'",
                "",
                "You might be seeing this error because you're using the wrong Compose file version.",
                "For more on the Compose file format versions, see https://docs.docker.com/compose/compose-file/");
        assertEquals("'name' does not match any of the regexes: '^x-'", ComposeCli.failure(v1, 1));
    }

    @Test
    void aFailedBuildGivesTheLastErrorLineEvenWhenProgressFollowsIt() {
        List<String> out = List.of(
                "Building app",
                "Step 4/7 : RUN pip install -r requirements.txt",
                "ERROR: Service 'app' failed to build : The command '/bin/sh -c pip install' returned a non-zero code: 1",
                "Removing intermediate containers");
        assertEquals("ERROR: Service 'app' failed to build : The command '/bin/sh -c pip install' returned a non-zero code: 1",
                ComposeCli.failure(out, 1));
    }

    @Test
    void withoutAnErrorLineTheLastLineOrTheExitCodeIsTheReason() {
        assertEquals("port is already allocated", ComposeCli.failure(List.of("Creating myapp_db_1 ...", "port is already allocated  "), 1));
        assertEquals("exit code 14", ComposeCli.failure(List.of("", " "), 14));
    }

    @Test
    void aCommandThatNeverEndsIsStoppedAtItsCeiling() throws Exception {
        ComposeCli.Finished run = ComposeCli.run(List.of("sh", "-c", "echo building; exec sleep 600"), Path.of("."), Map.of(),
                Duration.ofMillis(300), ProgressListener.NONE);
        assertEquals(OptionalInt.empty(), run.exitCode());
    }

    @Test
    void aCommandThatEndsGivesItsExitCodeAndBothStreams() throws Exception {
        ComposeCli.Finished run = ComposeCli.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Path.of("."),
                Map.of("X", "1"), Duration.ofMinutes(5), ProgressListener.NONE);
        assertEquals(OptionalInt.of(3), run.exitCode());
        assertTrue(run.output().containsAll(List.of("out", "err")), run.output().toString());
    }
}
