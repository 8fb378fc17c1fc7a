package orchlab.sim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedProcessTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private static SimulatedProcess process(String image, String containerYaml, boolean toCompletion) {
        JsonNode container = Json.parseYamlOrJson(containerYaml.isBlank() ? "{}" : containerYaml);
        return SimulatedProcess.of(ImageCatalog.builtIn().find(image), container, Map.of("GREETING", "hello"), "web-0",
                "10.42.0.5", toCompletion, Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "command: [\"false\"] # 1",
            "command: [sh, -c, 'exit 3'] # 3",
            "command: [sh, -c, 'echo hi; exit 1'] # 1",
            "command: [/bin/sh, -c, 'false || exit 4'] # 4",
            "command: [sh, -c, 'true && echo ok'] # 0",
            "command: [sh, -c, 'set -e; false; echo never'] # 1",
            "args: [sh, -c, 'exit 5'] # 5"})
    void commandsExitWithTheirShellExitCode(String container, int code) {
        SimulatedProcess p = process("busybox:1.36", container, false);

        assertThat(p.exitsAfter()).contains(Duration.ZERO);
        assertThat(p.at(START, Duration.ZERO).exitCode()).isEqualTo(code);
    }

    @Test
    void sleepTakesItsDurationOnTheClock() {
        SimulatedProcess p = process("busybox:1.36", "command: [sh, -c, 'echo start; sleep 300; echo end']", false);

        assertThat(p.at(START, Duration.ofSeconds(299))).satisfies(s -> {
            assertThat(s.exited()).isFalse();
            assertThat(s.output()).containsExactly("start");
        });
        assertThat(p.at(START, Duration.ofSeconds(300))).satisfies(s -> {
            assertThat(s.exited()).isTrue();
            assertThat(s.output()).containsExactly("start", "end");
        });
    }

    @Test
    void echoPrintsItsWordsWithVariablesFromTheEnvironment() {
        SimulatedProcess p = process("busybox:1.36", "command: [sh, -c, 'echo \"$GREETING from $HOSTNAME\"; echo ''$GREETING''']", true);

        assertThat(p.at(START, Duration.ZERO).output()).containsExactly("hello from web-0", "$GREETING");
    }

    @Test
    void aLoopPrintsOnceEachPeriodAndNeverExits() {
        SimulatedProcess p = process("busybox:1.36", "args: [/bin/sh, -c, 'i=0; while true; do echo tick; sleep 5; done']", false);

        assertThat(p.exitsAfter()).as("i=0 is not simulated: the process runs on").isEmpty();
        SimulatedProcess loop = process("busybox:1.36", "command: [sh, -c, 'while true; do echo tick; sleep 5; done']", false);
        assertThat(loop.exitsAfter()).isEmpty();
        assertThat(loop.at(START, Duration.ofSeconds(12)).output()).containsExactly("tick", "tick", "tick");
    }

    @Test
    void forLoopsRunEachItem() {
        SimulatedProcess p = process("busybox:1.36", "command: [sh, -c, 'for i in 1 2 3; do echo \"n=$i\"; done']", true);

        assertThat(p.at(START, Duration.ZERO).output()).containsExactly("n=1", "n=2", "n=3");
    }

    @Test
    void aServerImageRunsUntilStoppedAndListensOnItsFlagPort() {
        SimulatedProcess echo = process("hashicorp/http-echo:1.0", "args: [\"-listen=:8080\", \"-text=hello\"]", false);

        assertThat(echo.exitsAfter()).isEmpty();
        assertThat(echo.serving()).isTrue();
        assertThat(echo.ports()).containsExactly(8080);
        assertThat(echo.http("/anything")).hasValueSatisfying(r -> assertThat(r.body()).isEqualTo("hello\n"));
        assertThat(process("nginx:1.27", "", false).ports()).containsExactly(80);
        assertThat(process("nginx:1.27", "", false).http("/missing")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(404));
    }

    @Test
    void aShellImageWithoutCommandExitsAtOnceUnlessItHasATerminal() {
        assertThat(process("busybox:1.36", "", false).exitsAfter()).contains(Duration.ZERO);
        assertThat(process("busybox:1.36", "{stdin: true, tty: true}", false).exitsAfter()).isEmpty();
    }

    @Test
    void aDatabaseWithoutItsPasswordVariableExitsWithItsError() {
        SimulatedProcess p = SimulatedProcess.of(ImageCatalog.builtIn().find("postgres:16"), Json.parseYamlOrJson("{}"), Map.of(),
                "db", "10.42.0.6", false, Duration.ZERO);

        assertThat(p.at(START, Duration.ZERO)).satisfies(s -> {
            assertThat(s.exitCode()).isEqualTo(1);
            assertThat(s.output().get(0)).isEqualTo("Error: Database is uninitialized and superuser password is not specified.");
        });
    }

    @Test
    void aCommandThatIsNotSimulatedNeverFailsItRunsOnOrSucceedsAfterTheRunTime() {
        SimulatedProcess server = process("python:3.12-slim", "command: [python, app.py]", false);
        SimulatedProcess job = process("python:3.12-slim", "command: [python, app.py]", true);

        assertThat(server.exitsAfter()).isEmpty();
        assertThat(job.exitsAfter()).contains(Duration.ofSeconds(2));
        assertThat(job.at(START, Duration.ofSeconds(2)).exitCode()).isZero();
        assertThat(job.at(START, Duration.ZERO).output().get(0)).contains("\"python app.py\" is not simulated");
    }

    @Test
    void outputRedirectedToAFileIsNotLogged() {
        SimulatedProcess p = process("busybox:1.36", "command: [sh, -c, 'echo hidden > /tmp/x; echo shown 2>/dev/null; echo err >&2']", true);

        assertThat(p.at(START, Duration.ZERO).output()).isEqualTo(List.of("shown", "err"));
    }

    @Test
    void anUnknownImageWithoutCommandIsNotSimulated() {
        SimulatedProcess p = SimulatedProcess.of(Optional.empty(), Json.parseYamlOrJson("{}"), Map.of(), "x", "", false, Duration.ZERO);

        assertThat(p.exitsAfter()).isEmpty();
        assertThat(p.serving()).isFalse();
    }
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "while sleep 0.01; do wget -q -O- http://php-apache; done # http://php-apache # 50",
            "while true; do wget -q -O- http://php-apache; done # http://php-apache # 100",
            "while true; do curl -s -o /dev/null http://web:8080/; sleep 1; done # http://web:8080/ # 0.990"})
    void aRequestLoopIsALoadGeneratorThatRunsUntilStopped(String script, String url, double perSecond) {
        SimulatedProcess p = process("busybox:1.28", "command: [/bin/sh, -c, '" + script + "']", true);

        assertThat(p.load()).hasValueSatisfying(load -> {
            assertThat(load.urls()).containsExactly(url);
            assertThat(load.requestsPerSecond()).isCloseTo(perSecond, org.assertj.core.data.Offset.offset(0.001));
        });
        assertThat(p.exitsAfter()).isEmpty();
        assertThat(p.at(START, Duration.ofHours(1)).output()).singleElement().asString()
                .startsWith("[orchlab-sim] simulated HTTP load: " + url);
    }

    @Test
    void aWgetOutsideALoopIsStillNotSimulated() {
        SimulatedProcess p = process("busybox:1.28", "command: [sh, -c, 'wget -q -O- http://php-apache']", true);

        assertThat(p.load()).isEmpty();
        assertThat(p.known()).isFalse();
    }
}
