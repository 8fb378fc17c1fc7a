package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;

/** Reads styles back out of StyleSpans, for styler tests. */
final class StyleAssertions {
    private StyleAssertions() {
    }

    /** The style classes of the character at {@code offset}. */
    static Collection<String> styleAt(StyleSpans<Collection<String>> spans, int offset) {
        int position = 0;
        for (StyleSpan<Collection<String>> span : spans) {
            if (offset < position + span.getLength()) {
                return span.getStyle();
            }
            position += span.getLength();
        }
        throw new IndexOutOfBoundsException(offset + " is past the spans' length " + spans.length());
    }

    /**
     * Asserts every character of the {@code occurrence}-th (1-based) {@code token} in {@code text} has exactly
     * {@code expected} as its token class ({@code ""} for no class).
     */
    static void assertStyled(Styler styler, String text, String token, int occurrence, String expected) {
        int at = -1;
        for (int i = 0; i < occurrence; i++) {
            at = text.indexOf(token, at + 1);
            assertThat(at).as("occurrence %d of '%s' in%n%s", i + 1, token, text).isNotNegative();
        }
        StyleSpans<Collection<String>> spans = styler.style(text);
        for (int i = at; i < at + token.length(); i++) {
            Collection<String> style = styleAt(spans, i);
            assertThat(style).as("style of '%s' (char %d '%s') in%n%s", token, i - at, text.charAt(i), text)
                    .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
        }
    }

    /** Random text over an alphabet rich in the characters stylers treat specially. */
    static String randomText(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(alphabet.length() + 8);
            sb.append(pick < alphabet.length() ? alphabet.charAt(pick) : (char) (' ' + random.nextInt(0x3000)));
        }
        return sb.toString();
    }

    /** Every styler returns spans exactly as long as its input and never throws, on many random texts. */
    static void assertWellFormedOnRandomText(Styler styler, long seed) {
        Random random = new Random(seed);
        String alphabet = " \t\n\r\n:-#\"'[]{}|>&*!%@`\\,?$<=~.()/;0123456789aZ_FROMRUNCMDkey";
        for (int i = 0; i < 3000; i++) {
            String text = randomText(random, alphabet, 120);
            StyleSpans<Collection<String>> spans = styler.style(text);
            assertThat(spans.length()).as("spans' length for %s", text.replace("\n", "\\n")).isEqualTo(text.length());
            for (StyleSpan<Collection<String>> span : spans) {
                assertThat(span.getStyle()).as("a span has at most one token class").hasSizeLessThanOrEqualTo(1);
            }
        }
    }
}
