package orchlab.desktop;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;

/**
 * The Output tab: a read-only text that follows new lines like a terminal. While the learner is at the end, each new
 * line scrolls into view; once they scroll up (to read an error) their place and their selection stay while lines
 * arrive, until they scroll back to the end, which follows again. A bound {@code TextArea} did neither: every change
 * replaced the whole text, dropped the selection and kept the old scroll position.
 */
final class OutputView extends TextArea {
    /**
     * What the empty tab says until the first line (and again once an exercise switch, Reset or a new sandbox cleared
     * it): an empty panel looked broken.
     */
    static final String PLACEHOLDER = "The output of Apply appears here (and of Build, Run, Lint and Rollback in"
            + " exercises that have them), newest line last.";

    /** How near the end (in pixels) still counts as "at the end": a wrapped line's part, a rounding. */
    private static final double AT_END_SLACK = 4;

    OutputView(ObservableValue<String> source) {
        setEditable(false);
        // an Apply's error lines are long (file:line: object: field: message): wrapped, not one line running off the panel
        setWrapText(true);
        getStyleClass().add(Styles.OUTPUT);
        // the skin shows the prompt text while the text is empty, wrapped like the text
        setPromptText(PLACEHOLDER);
        show(null, source.getValue());
        source.addListener((o, before, now) -> show(before, now));
    }

    private void show(String before, String now) {
        String text = now == null ? "" : now;
        String shown = getText();
        if (text.equals(shown)) {
            return;
        }
        boolean follow = atEnd();
        double place = offset();
        if (!shown.isEmpty() && text.startsWith(shown)) {
            // more lines of the same run: added to the text's content below the caret, so neither the caret nor what
            // is selected moves (appendText would move the caret to the end, and the skin scrolls to the caret)
            getContent().insert(shown.length(), text.substring(shown.length()), true);
        } else {
            // another run's output (or none): from its start, shown from its end
            setText(text);
            positionCaret(getLength());
            follow = true;
        }
        // where to be once the text has its new height (the scroll position is relative to it): now, and again
        // when the skin lays the taller text out
        pendingScroll = follow ? Double.MAX_VALUE : place;
        watchTextHeight();
        setScrollTop(pendingScroll);
    }

    /** Where the text should be scrolled once it is laid out with its new lines; NaN when nothing is pending. */
    private double pendingScroll = Double.NaN;
    private boolean watchingHeight;

    private void watchTextHeight() {
        ScrollPane pane = pane();
        if (watchingHeight || pane == null || !(pane.getContent() instanceof javafx.scene.layout.Region text)) {
            return;
        }
        watchingHeight = true;
        text.heightProperty().addListener((o, before, now) -> {
            if (!Double.isNaN(pendingScroll)) {
                double top = pendingScroll;
                pendingScroll = Double.NaN;
                setScrollTop(top);
            }
        });
    }

    private ScrollPane pane() {
        return lookup(".scroll-pane") instanceof ScrollPane pane && pane.getContent() != null
                && pane.getViewportBounds() != null ? pane : null;
    }

    /** How many pixels of the text are scrolled past the top, as drawn (0 before the skin exists). */
    private double offset() {
        ScrollPane pane = pane();
        if (pane == null) {
            return 0;
        }
        double range = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
        double share = (pane.getVvalue() - pane.getVmin()) / (pane.getVmax() - pane.getVmin());
        return Math.max(0, range) * share;
    }

    /**
     * Whether the learner sees the last line: the text's scroll bar is at its end, or the text fits. Before the skin
     * exists (the tab never shown) the output follows.
     */
    boolean atEnd() {
        ScrollPane pane = pane();
        if (pane == null) {
            return true;
        }
        double range = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
        return range <= AT_END_SLACK || offset() >= range - AT_END_SLACK;
    }
}
