package orchlab.engine.course;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for misspelt keys and names. */
public final class Suggestions {
    private Suggestions() {
    }

    /** Longer words are not compared (a budget: the table grows with the product of the lengths). */
    private static final int MAX_COMPARED = 64;

    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (word.length() > MAX_COMPARED || candidate.length() > MAX_COMPARED) {
                continue;
            }
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(2, Math.min(word.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** "did you mean 'checks'?" or the list of what is allowed. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "did you mean '" + c + "'?")
                .orElse("allowed: " + String.join(", ", candidates));
    }

    /**
     * Levenshtein distance: how many single-character insertions, deletions and substitutions turn {@code a} into
     * {@code b} (case-sensitive). The one edit distance of the lab: pack keys, Dockerfile instructions, image names.
     */
    public static int distance(String a, String b) {
        return distance(a, b, false);
    }

    /**
     * Optimal string alignment distance: {@link #distance} where swapping two adjacent characters also counts as one
     * edit ({@code ngnix} is one edit from {@code nginx}).
     */
    public static int distanceWithSwaps(String a, String b) {
        return distance(a, b, true);
    }

    private static int distance(String a, String b, boolean swaps) {
        int[] before = new int[b.length() + 1]; // row i-2, for swaps
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (swaps && i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], before[j - 2] + 1);
                }
            }
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
