package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import orchlab.desktop.editor.TextDiff.DiffLine;
import orchlab.desktop.editor.TextDiff.Kind;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void listsUnchangedLinesWithBothLineNumbers() {
        assertThat(TextDiff.lines("a\nb\n", "a\nb\n"))
                .extracting(DiffLine::kind, DiffLine::oldLine, DiffLine::newLine, DiffLine::text)
                .containsExactly(tuple(Kind.SAME, 1, 1, "a"), tuple(Kind.SAME, 2, 2, "b"));
    }

    @Test
    void showsAChangedLineAsRemovedThenAdded() {
        List<DiffLine> lines = TextDiff.lines("spec:\n  replica: 3\n  selector: {}\n", "spec:\n  replicas: 3\n  selector: {}\n");

        assertThat(lines).extracting(DiffLine::kind, DiffLine::oldLine, DiffLine::newLine, DiffLine::text).containsExactly(
                tuple(Kind.SAME, 1, 1, "spec:"),
                tuple(Kind.REMOVED, 2, 0, "  replica: 3"),
                tuple(Kind.ADDED, 0, 2, "  replicas: 3"),
                tuple(Kind.SAME, 3, 3, "  selector: {}"));
    }

    @Test
    void numbersLinesOnEachSideAfterInsertionsAndDeletions() {
        List<DiffLine> lines = TextDiff.lines("FROM python\nCOPY . .\nCMD python app.py\n",
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER app\nCMD [\"python\", \"app.py\"]\n");

        assertThat(lines).extracting(DiffLine::kind, DiffLine::oldLine, DiffLine::newLine).containsExactly(
                tuple(Kind.REMOVED, 1, 0),
                tuple(Kind.ADDED, 0, 1),
                tuple(Kind.ADDED, 0, 2),
                tuple(Kind.SAME, 2, 3),
                tuple(Kind.REMOVED, 3, 0),
                tuple(Kind.ADDED, 0, 4),
                tuple(Kind.ADDED, 0, 5));
    }

    @Test
    void addsEveryLineOfTheSolutionToAnEmptyFile() {
        assertThat(TextDiff.lines("", "a\nb")).extracting(DiffLine::kind, DiffLine::newLine)
                .containsExactly(tuple(Kind.ADDED, 1), tuple(Kind.ADDED, 2));
    }

    @Test
    void ignoresLineEndingsAndAMissingFinalLineBreak() {
        assertThat(TextDiff.same("a\r\nb\r\n", "a\nb")).isTrue();
        assertThat(TextDiff.lines("a\r\nb\r\n", "a\nb")).extracting(DiffLine::kind).containsOnly(Kind.SAME);
    }

    @Test
    void tellsDifferentTextsApart() {
        assertThat(TextDiff.same("replicas: 3\n", "replicas: 2\n")).isFalse();
        assertThat(TextDiff.same("a\n", "a\n\n")).isFalse();
    }

    @Test
    void countsAddedAndRemovedLines() {
        assertThat(TextDiff.stats(TextDiff.lines("a\nb\nc\n", "a\nx\ny\nc\n"))).isEqualTo(new TextDiff.Stats(2, 1));
    }

    @Test
    void keepsTrailingWhitespaceDifferences() {
        assertThat(TextDiff.lines("a \n", "a\n")).extracting(DiffLine::kind).containsExactly(Kind.REMOVED, Kind.ADDED);
    }

    @Test
    void pairsRemovedAndAddedRunsSideBySide() {
        List<DiffView.Row> rows = DiffView.pair(TextDiff.lines("a\nold1\nold2\nz\n", "a\nnew1\nz\nadded\n"));

        assertThat(rows).extracting(r -> r.left() == null ? null : r.left().text(), r -> r.right() == null ? null : r.right().text())
                .containsExactly(tuple("a", "a"), tuple("old1", "new1"), tuple("old2", null), tuple("z", "z"), tuple(null, "added"));
    }
}
