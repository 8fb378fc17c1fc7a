package orchlab.desktop.editor;

import java.util.Collection;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Computes the highlighting of a whole text. Implementations are pure (no toolkit, no state between
 * calls), so the editor can run them on a background thread; they never throw, and the spans they
 * return always cover exactly {@code text.length()} characters, each with zero or one {@link Tokens} class.
 */
@FunctionalInterface
public interface Styler {
    StyleSpans<Collection<String>> style(String text);
}
