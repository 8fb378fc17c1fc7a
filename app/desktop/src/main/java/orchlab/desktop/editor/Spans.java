package orchlab.desktop.editor;

import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Collects token ranges in text order and builds {@link StyleSpans} of exactly the text's length:
 * gaps are unstyled, ranges that overlap what was already styled are clipped, ranges past the end dropped.
 * That is what keeps every styler's output well-formed whatever the input.
 */
final class Spans {
    private static final List<String> NONE = List.of();

    private final int length;
    private final StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
    private int position;
    private boolean empty = true;

    Spans(int length) {
        this.length = length;
    }

    /** Styles {@code [from, to)} with {@code styleClass} ({@code null} for no style). */
    Spans add(int from, int to, String styleClass) {
        int start = Math.max(from, position);
        int end = Math.min(to, length);
        if (end <= start) {
            return this;
        }
        if (start > position) {
            push(NONE, start - position);
        }
        push(styleClass == null ? NONE : List.of(styleClass), end - start);
        position = end;
        return this;
    }

    private void push(Collection<String> style, int count) {
        builder.add(style, count);
        empty = false;
    }

    /** Where the next range may start. */
    int position() {
        return position;
    }

    StyleSpans<Collection<String>> create() {
        if (position < length) {
            push(NONE, length - position);
        }
        if (empty) {
            builder.add(NONE, 0);
        }
        return builder.create();
    }

    /** Unstyled spans over the whole text. */
    static StyleSpans<Collection<String>> plain(String text) {
        return new Spans(text == null ? 0 : text.length()).create();
    }
}
