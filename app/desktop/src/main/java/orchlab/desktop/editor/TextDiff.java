package orchlab.desktop.editor;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Line diff of the learner's file against another text (the solution), for {@link DiffView} and for
 * "your file already matches" checks. Pure; uses java-diff-utils (Myers).
 */
public final class TextDiff {

    /** One line of a unified diff. */
    public enum Kind {
        /** in both texts */
        SAME,
        /** only in the original (the learner's file) */
        REMOVED,
        /** only in the revised text (the solution) */
        ADDED
    }

    /**
     * @param oldLine 1-based line in the original, 0 for an added line
     * @param newLine 1-based line in the revised text, 0 for a removed line
     * @param text    the line without its line break
     */
    public record DiffLine(Kind kind, int oldLine, int newLine, String text) {
    }

    private TextDiff() {
    }

    /**
     * Every line of both texts in unified order: unchanged lines once, and at each change the original's
     * lines ({@link Kind#REMOVED}) before the revised ones ({@link Kind#ADDED}). Line endings (LF or CRLF)
     * and a missing final line break do not count as differences.
     */
    public static List<DiffLine> lines(String original, String revised) {
        List<String> a = split(original);
        List<String> b = split(revised);
        List<DiffLine> out = new ArrayList<>(Math.max(a.size(), b.size()) + 8);
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
            Chunk<String> source = delta.getSource();
            Chunk<String> target = delta.getTarget();
            while (i < source.getPosition()) {
                out.add(new DiffLine(Kind.SAME, i + 1, j + 1, a.get(i)));
                i++;
                j++;
            }
            for (String line : source.getLines()) {
                out.add(new DiffLine(Kind.REMOVED, i + 1, 0, line));
                i++;
            }
            for (String line : target.getLines()) {
                out.add(new DiffLine(Kind.ADDED, 0, j + 1, line));
                j++;
            }
        }
        while (i < a.size()) {
            out.add(new DiffLine(Kind.SAME, i + 1, j + 1, a.get(i)));
            i++;
            j++;
        }
        return out;
    }

    /** Whether the texts have the same lines (line endings and a final line break aside). */
    public static boolean same(String a, String b) {
        return split(a).equals(split(b));
    }

    /** How many lines a diff adds and removes. */
    public record Stats(int added, int removed) {
        public boolean isEmpty() {
            return added == 0 && removed == 0;
        }
    }

    public static Stats stats(List<DiffLine> lines) {
        int added = 0;
        int removed = 0;
        for (DiffLine line : lines) {
            if (line.kind() == Kind.ADDED) {
                added++;
            } else if (line.kind() == Kind.REMOVED) {
                removed++;
            }
        }
        return new Stats(added, removed);
    }

    static List<String> split(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String normalized = text.replace("\r\n", "\n");
        if (normalized.endsWith("\n")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return Arrays.asList(normalized.split("\n", -1));
    }
}
