package orchlab.desktop.lesson;

import java.util.Locale;

/** Heading anchors the way GitHub writes them, so {@code [see](#rolling-updates)} works in both places. Pure. */
public final class Anchors {
    private Anchors() {
    }

    /** {@code "Applying and watching"} → {@code "applying-and-watching"}; punctuation other than - and _ is dropped. */
    public static String slug(String headingText) {
        if (headingText == null) {
            return "";
        }
        String lower = headingText.strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        lower.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                out.appendCodePoint(cp);
            } else if (Character.isWhitespace(cp)) {
                out.append('-');
            }
        });
        return out.toString();
    }
}
