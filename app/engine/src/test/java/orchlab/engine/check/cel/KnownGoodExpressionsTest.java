package orchlab.engine.check.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CEL expressions remembered across processes: compiled on first evaluation, wrong ones still reported at once. */
class KnownGoodExpressionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OBJECT = List.of("object");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        CelExpression.rememberCompiledIn(null);
    }

    /** A new process: the memory read again from the file. */
    private void newProcess() {
        CelExpression.rememberCompiledIn(dir.resolve("cel-known-good"));
    }

    @Test
    void anExpressionThatCompiledInAnEarlierProcessIsCompiledOnlyWhenFirstEvaluated() throws Exception {
        newProcess();
        CelExpression first = CelExpression.compile("object.spec.replicas == 3", OBJECT);
        newProcess();
        CelExpression again = CelExpression.compile("object.spec.replicas == 3", OBJECT);

        assertThat(first.compiled()).isTrue();
        assertThat(again.compiled()).isFalse();
        assertThat(again.test(Map.of("object", JSON.readTree("{\"spec\":{\"replicas\":3}}")), Duration.ofSeconds(2))).isTrue();
        assertThat(again.test(Map.of("object", JSON.readTree("{\"spec\":{\"replicas\":2}}")), Duration.ofSeconds(2))).isFalse();
        assertThat(again.compiled()).isTrue();
    }

    @Test
    void aWrongExpressionIsReportedAtItsColumnInEveryProcessAndNeverRemembered() {
        for (int process = 0; process < 2; process++) {
            newProcess();
            assertThatThrownBy(() -> CelExpression.compile("object.spec.replicas ==", OBJECT))
                    .isInstanceOfSatisfying(CelCompileException.class, e -> assertThat(e.issues()).isNotEmpty());
        }
        assertThat(dir.resolve("cel-known-good")).doesNotExist();
    }

    @Test
    void theSameTextWithOtherVariablesIsCompiledAtOnce() throws Exception {
        newProcess();
        CelExpression.compile("size(object) > 0", OBJECT);
        newProcess();

        assertThat(CelExpression.compile("size(object) > 0", List.of("object", "objects")).compiled()).isTrue();
        assertThat(CelExpression.compile("size(object) > 0", OBJECT).compiled()).isFalse();
    }

    @Test
    void withoutAMemoryEveryExpressionIsCompiledAtOnce() throws Exception {
        newProcess();
        CelExpression.compile("object.kind == 'Pod'", OBJECT);
        CelExpression.rememberCompiledIn(null);

        assertThat(CelExpression.compile("object.kind == 'Pod'", OBJECT).compiled()).isTrue();
    }

    @Test
    void aFileThatIsNotAMemoryIsIgnored() throws Exception {
        Files.writeString(dir.resolve("cel-known-good"), "not a digest\n\u0000\u0001garbage");
        newProcess();

        assertThat(CelExpression.compile("object.kind == 'Pod'", OBJECT).compiled()).isTrue();
    }

    @Test
    void anEntryForAnExpressionThatDoesNotCompileFailsTheEvaluationWithTheCompilersMessage() throws Exception {
        // a forged or corrupted entry: the check fails with the compiler's words instead of passing or crashing
        KnownGoodExpressions.in(dir.resolve("cel-known-good")).add("object.spec.replicas ==", OBJECT);
        newProcess();
        CelExpression forged = CelExpression.compile("object.spec.replicas ==", OBJECT);

        assertThat(forged.compiled()).isFalse();
        assertThatThrownBy(() -> forged.test(Map.of("object", JSON.readTree("{}")), Duration.ofSeconds(2)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("does not compile")
                .hasMessageContaining("line 1");
    }

    @Test
    void insideCompilingLaterAWrongExpressionIsCountedAndFailsItsFirstEvaluationWithTheCompilersMessage() throws Exception {
        newProcess();
        CelExpression.Later<CelExpression> later = CelExpression.compilingLater(() -> {
            try {
                return CelExpression.compile("object.spec.replicas ==", OBJECT);
            } catch (CelCompileException e) {
                throw new AssertionError("compiled inside compilingLater", e);
            }
        });

        assertThat(later.unchecked()).isEqualTo(1);
        assertThat(later.value().compiled()).isFalse();
        assertThatThrownBy(() -> later.value().test(Map.of("object", JSON.readTree("{}")), Duration.ofSeconds(2)))
                .isInstanceOf(CelRuntimeException.class).hasMessageContaining("does not compile");
        assertThat(dir.resolve("cel-known-good")).doesNotExist();
        // outside it, the same expression is reported at once again
        assertThatThrownBy(() -> CelExpression.compile("object.spec.replicas ==", OBJECT)).isInstanceOf(CelCompileException.class);
    }

    @Test
    void insideCompilingLaterAnExpressionKnownToCompileIsNotCountedAsUnchecked() throws Exception {
        newProcess();
        CelExpression.compile("object.kind == 'Pod'", OBJECT);
        newProcess();

        CelExpression.Later<Boolean> later = CelExpression.compilingLater(() -> {
            try {
                return CelExpression.compile("object.kind == 'Pod'", OBJECT).compiled();
            } catch (CelCompileException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(later.unchecked()).isZero();
        assertThat(later.value()).isFalse();
    }
}
