package orchlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    @ParameterizedTest(name = "{0} -> {1}: {2} edits, {3} with swaps")
    @CsvSource({
            "nginx, nginx, 0, 0",
            "ngnix, nginx, 2, 1",
            "nginxx, nginx, 1, 1",
            "busybx, busybox, 1, 1",
            "chekcs, checks, 2, 1",
            "'', FROM, 4, 4",
            "FORM, FROM, 2, 1",
            "abc, xyz, 3, 3",
            "ca, abc, 3, 3"
    })
    void countsEditsWithAndWithoutAdjacentSwaps(String a, String b, int edits, int editsWithSwaps) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(edits);
        assertThat(Suggestions.distanceWithSwaps(a, b)).isEqualTo(editsWithSwaps);
        assertThat(Suggestions.distance(b, a)).isEqualTo(edits);
        assertThat(Suggestions.distanceWithSwaps(b, a)).isEqualTo(editsWithSwaps);
    }

    @Test
    void suggestsTheClosestCandidateIgnoringCase() {
        assertThat(Suggestions.closest("Chekcs", List.of("title", "checks", "hints"))).contains("checks");
    }

    @Test
    void suggestsNothingForAWordFarFromEveryCandidateOrTooLongToCompare() {
        assertThat(Suggestions.closest("zzzzzz", List.of("checks", "title"))).isEmpty();
        assertThat(Suggestions.closest("c".repeat(65), List.of("c".repeat(65)))).isEmpty();
    }
}
