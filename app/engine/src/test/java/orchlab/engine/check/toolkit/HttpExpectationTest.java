package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.docker.CheckSpecs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one HTTP expectation shape: both spellings a pack may use read as the same thing, and one wording judges. */
class HttpExpectationTest {

    private static HttpExpectation read(String yaml, Problems problems) {
        return HttpExpectation.read(new CheckSettings(CheckSpecs.spec(yaml), problems));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "checks:\n  - kind: http\n    expect: {status: 404, bodyContains: gone}\n",
            "checks:\n  - kind: docker-http\n    status: 404\n    bodyContains: gone\n"})
    void theNestedAndTheFlatSpellingReadAsTheSameExpectation(String yaml) {
        Problems problems = new Problems();

        assertThat(read(yaml, problems)).isEqualTo(new HttpExpectation(404, "gone"));
        assertThat(problems.asList()).isEmpty();
    }

    @Test
    void bothSpellingsAtOnceAreRefusedAtTheFlatKey() {
        Problems problems = new Problems();

        read("checks:\n  - kind: http\n    expect: {status: 200}\n    status: 404\n", problems);

        assertThat(problems.asList()).extracting(Problem::format).singleElement().asString()
                .startsWith("exercise.yaml:4:13: error: write status and bodyContains either under 'expect:'");
    }

    @Test
    void aMisspeltKeyUnderExpectIsReportedAtTheKeyWithASuggestion() {
        Problems problems = new Problems();

        read("checks:\n  - kind: http\n    expect:\n      stauts: 200\n", problems);

        assertThat(problems.asList()).extracting(Problem::format)
                .containsExactly("exercise.yaml:4:7: error: unknown key 'stauts' in expect — did you mean 'status'?");
    }

    @Test
    void nothingWrittenMeans200AndAnyBody() {
        assertThat(read("checks:\n  - kind: http\n", new Problems())).isEqualTo(HttpExpectation.OK);
        assertThat(HttpExpectation.OK.judge(200, "")).isEmpty();
    }

    @Test
    void aWrongStatusShowsTheBodyThatExplainsIt() {
        List<FieldFailure> failures = new HttpExpectation(200, "").judge(503, "no endpoints available\n");

        assertThat(failures).extracting(FieldFailure::describe)
                .containsExactly("status: expected 200, found 503 \"no endpoints available\"");
    }
}
