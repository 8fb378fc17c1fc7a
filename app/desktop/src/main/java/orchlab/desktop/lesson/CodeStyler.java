package orchlab.desktop.lesson;

import java.util.Collection;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Syntax colouring for a lesson's code blocks: the same pure stylers the editor uses. The style classes of each span
 * are put on the {@code Text} nodes of the block (next to {@link MarkdownStyles#CODE_TEXT}), so the stylers' CSS
 * colours them when it is on the scene.
 */
@FunctionalInterface
public interface CodeStyler {
    /** No colouring: every block is plain monospace text. */
    CodeStyler NONE = (language, code) -> null;

    /**
     * @param language the block's language, lower-case ({@code yaml}, {@code dockerfile}, {@code bash}...), "" if none
     * @param code     the block's text, without its final newline
     * @return spans covering {@code code}, or {@code null} to show it as plain text
     */
    StyleSpans<Collection<String>> style(String language, String code);
}
