package orchlab.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves progress in a tight loop and is killed with SIGKILL ({@code kill -9}) at an arbitrary
 * moment; the file it leaves must load without a warning and hold a count the child saved.
 */
class ProgressSurvivesKillTest {
    private static final int SAVES_BEFORE_KILL = 50;

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    @RepeatedTest(4)
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void progressSavedInALoopSurvivesKillMinus9() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = logs.resolve("child.out");
        Path err = logs.resolve("child.err");
        // stdout goes to a file, not a pipe: the JDK may close a pipe's stream under a reader when the process dies
        Process child = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ProgressSaver.class.getName(), dir.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        long lastPrinted;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (savedLines(out).size() < SAVES_BEFORE_KILL) {
                if (!child.isAlive()) {
                    fail("the saving process ended by itself after " + savedLines(out).size() + " saves: " + Files.readString(err));
                }
                if (System.nanoTime() > deadline) {
                    fail("the saving process printed only " + savedLines(out).size() + " saves in 90 s: " + Files.readString(err));
                }
                Thread.sleep(10);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child killed").isTrue();
            if (System.getProperty("os.name").startsWith("Linux")) {
                assertThat(child.exitValue()).as("exit status of SIGKILL").isEqualTo(128 + 9);
            }
            List<Long> saved = savedLines(out);
            lastPrinted = saved.get(saved.size() - 1);
        } finally {
            child.destroyForcibly();
        }

        ProgressStore.Loaded loaded = new ProgressStore(dir, Clock.systemUTC()).load("orchlab");

        assertThat(loaded.warning()).isEmpty();
        // the last printed save, or the one after it when the kill came between save and print
        assertThat((long) loaded.progress().exercise("k8s-deployment").attempts()).isBetween(lastPrinted, lastPrinted + 1);
        assertThat(loaded.progress().exercise("k8s-deployment").lastReport()).contains(Reports.big("k8s-deployment"));
    }

    /** The counts the child printed; a last line without its newline yet is not counted. */
    private static List<Long> savedLines(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        List<Long> counts = new ArrayList<>();
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.startsWith("saved ")) {
                throw new IOException("unexpected output of the saving process: " + line);
            }
            counts.add(Long.parseLong(line.substring("saved ".length()).strip()));
        }
        return counts;
    }
}
