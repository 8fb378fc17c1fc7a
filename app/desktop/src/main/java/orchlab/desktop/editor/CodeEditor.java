package orchlab.desktop.editor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.IntFunction;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import orchlab.engine.lint.HelmLint;
import orchlab.engine.lint.LintMark;
import orchlab.engine.lint.LintMark.Severity;
import orchlab.engine.lint.WorkspaceLinter.FileKind;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.wellbehaved.event.EventPattern;
import org.fxmisc.wellbehaved.event.InputMap;
import org.fxmisc.wellbehaved.event.Nodes;
import org.reactfx.Subscription;

/**
 * The editor of one workspace file: a RichTextFX {@link CodeArea} with line numbers, syntax highlighting
 * for the file's kind ({@link Stylers#forFileName}) and lint underlines with a tooltip.
 *
 * <p>Follows RichTextFX's {@code JavaKeywordsAsyncDemo}: text changes are debounced
 * ({@value #DEBOUNCE_MILLIS} ms after the last one), then highlighting and lint are computed together on
 * the {@code background} executor from a snapshot of the text, and applied on the FX thread only if the
 * text is still that snapshot (latest wins; stale results are dropped). {@link #dispose()} ends the
 * subscription when the tab closes.
 *
 * <p>In YAML files the Tab key inserts two spaces (YAML forbids tabs in indentation); Enter keeps the
 * indentation of the current line (and indents one more level after a YAML {@code key:}).
 */
public final class CodeEditor extends StackPane {
    /** The editor's stylesheet (token colours, lint underlines, gutter, diff view). */
    public static final String STYLESHEET = Objects.requireNonNull(CodeEditor.class.getResource("editor.css"),
            "orchlab/desktop/editor/editor.css is missing").toExternalForm();
    static final long DEBOUNCE_MILLIS = 150;
    private static final Duration MOUSE_REST = Duration.ofMillis(350);
    private static final String YAML_INDENT = "  ";
    private Runnable onTabAsSpaces = () -> { };

    private final String fileName;
    private final FileKind kind;
    private final Styler styler;
    private final Executor background;
    private final Function<String, List<LintMark>> linter;
    private final CodeArea area = new CodeArea();
    private final Tooltip lintTooltip = new Tooltip();
    private final ReadOnlyObjectWrapper<List<LintMark>> lint = new ReadOnlyObjectWrapper<>(this, "lint", List.of());
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final Subscription changes;
    private final ChangeListener<String> dirtyTracker;
    private final EventHandler<MouseOverTextEvent> mouseOverBegin;
    private final EventHandler<MouseOverTextEvent> mouseOverEnd;
    private final InputMap<?> keys;

    private List<Placed> placed = List.of();
    private Map<Integer, Severity> lineSeverity = Map.of();
    private Map<Integer, String> lineMessages = Map.of();
    private String baseline = "";
    private boolean disposed;

    /**
     * @param fileName   the workspace file's name or relative path; picks the styler and the Tab key's behaviour
     * @param background where highlighting and lint run (never the FX thread)
     * @param linter     lint marks for a text, e.g. {@code text -> workspaceLinter.lint(fileName, text)}; called on
     *                   {@code background}; a linter that throws just leaves the file without marks
     */
    public CodeEditor(String fileName, Executor background, Function<String, List<LintMark>> linter) {
        this.fileName = fileName == null ? "" : fileName;
        this.kind = FileKind.of(this.fileName);
        this.styler = Stylers.forFileName(this.fileName);
        this.background = Objects.requireNonNull(background, "background");
        this.linter = Objects.requireNonNull(linter, "linter");

        getStyleClass().add(EditorStyles.CODE_EDITOR);
        getStylesheets().add(STYLESHEET);
        area.setParagraphGraphicFactory(gutter());
        area.setLineHighlighterFill(Color.rgb(127, 127, 127, 0.12));
        area.setLineHighlighterOn(true);
        area.setMouseOverTextDelay(MOUSE_REST);
        getChildren().add(new VirtualizedScrollPane<>(area));

        changes = area.multiPlainChanges()
                .successionEnds(Duration.ofMillis(DEBOUNCE_MILLIS))
                .subscribe(ignored -> requestHighlight());
        dirtyTracker = (obs, old, now) -> dirty.set(!now.equals(baseline));
        area.textProperty().addListener(dirtyTracker);

        lintTooltip.getStyleClass().add(EditorStyles.LINT_POPUP);
        lintTooltip.setWrapText(true);
        lintTooltip.setMaxWidth(560);
        mouseOverBegin = e -> showLintAt(e.getCharacterIndex(), e.getScreenPosition().getX(), e.getScreenPosition().getY());
        mouseOverEnd = e -> lintTooltip.hide();
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, mouseOverBegin);
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, mouseOverEnd);

        keys = InputMap.sequence(
                InputMap.consumeWhen(EventPattern.keyPressed(KeyCode.TAB), () -> kind == FileKind.YAML && area.isEditable(),
                        e -> {
                            area.replaceSelection(YAML_INDENT);
                            onTabAsSpaces.run();
                        }),
                InputMap.consumeWhen(EventPattern.keyPressed(KeyCode.ENTER), area::isEditable, e -> newLineKeepingIndent()));
        Nodes.addInputMap(area, keys);

        inShownWindow = sceneProperty().flatMap(javafx.scene.Scene::windowProperty)
                .flatMap(javafx.stage.Window::showingProperty).orElse(false);
        inShownWindow.addListener((o, was, now) -> {
            if (now && heldBack != null) {
                // after the next pulse has styled the scene again: styled now, the lines would miss the colours too
                javafx.scene.Scene scene = getScene();
                Runnable once = new Runnable() {
                    @Override
                    public void run() {
                        scene.removePostLayoutPulseListener(this);
                        Runnable later = heldBack;
                        heldBack = null;
                        if (later != null && inShownWindow.getValue()) {
                            later.run();
                        } else {
                            heldBack = later;
                        }
                    }
                };
                scene.addPostLayoutPulseListener(once);
                Platform.requestNextPulse();
            }
        });
    }

    /** Told each time the Tab key inserted spaces in a YAML file (the window says so once). */
    public void setOnTabAsSpaces(Runnable listener) {
        onTabAsSpaces = listener == null ? () -> { } : listener;
    }

    public String getFileName() {
        return fileName;
    }

    public String getText() {
        return area.getText();
    }

    /**
     * Loads a file's content: replaces the text, forgets the undo history (so undo never empties the
     * loaded file), puts the caret at the top and marks the editor clean. Highlighting starts right away.
     */
    public void setText(String text) {
        String value = text == null ? "" : text;
        baseline = value;
        area.replaceText(value);
        area.getUndoManager().forgetHistory();
        area.getUndoManager().mark();
        area.moveTo(0);
        area.showParagraphAtTop(0);
        dirty.set(false);
        requestHighlight();
    }

    /**
     * Shows what the file now holds on disk after another tool changed it (vim in the terminal): one step the learner
     * can undo (their text before it comes back, unsaved), unlike {@link #setText} which forgets the history; the editor
     * is clean after it, and the caret stays on its line as far as the new text allows.
     */
    public void reloadText(String text) {
        String value = text == null ? "" : text;
        int paragraph = area.getCurrentParagraph();
        int column = area.getCaretColumn();
        baseline = value;
        // never merged with the learner's last typing: undo takes back the reload alone
        area.getUndoManager().preventMerge();
        area.replaceText(0, area.getLength(), value);
        area.getUndoManager().preventMerge();
        area.getUndoManager().mark();
        dirty.set(false);
        int line = Math.min(paragraph, area.getParagraphs().size() - 1);
        area.moveTo(line, Math.min(column, area.getParagraphLength(line)));
    }

    /**
     * Replaces the whole text as one edit the learner can undo (e.g. "use the solution"); the editor becomes
     * dirty if the text differs from the last loaded or saved one.
     */
    public void replaceText(String text) {
        area.replaceText(0, area.getLength(), text == null ? "" : text);
    }

    /** The text, observable; changes on every keystroke ({@link #lintProperty()} changes once per debounced pass). */
    public ObservableValue<String> textProperty() {
        return area.textProperty();
    }

    /** Whether the text differs from what was last loaded ({@link #setText}) or saved ({@link #markSaved}). */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** The current text is what the file now holds on disk. */
    public void markSaved() {
        baseline = area.getText();
        area.getUndoManager().mark();
        dirty.set(false);
    }

    public void setEditable(boolean editable) {
        area.setEditable(editable);
    }

    public boolean isEditable() {
        return area.isEditable();
    }

    /** The lint marks of the text as last highlighted (FX thread). */
    public List<LintMark> currentLint() {
        return lint.get();
    }

    /** The lint marks, updated each time a highlighting pass is applied. */
    public ReadOnlyObjectProperty<List<LintMark>> lintProperty() {
        return lint.getReadOnlyProperty();
    }

    /** The lint marks that cover the character at {@code offset}, worst first. */
    public List<LintMark> marksAt(int offset) {
        List<LintMark> out = new ArrayList<>();
        for (Placed p : placed) {
            if (offset >= p.start() && offset < p.end()) {
                out.add(p.mark());
            }
        }
        out.sort((a, b) -> a.severity().compareTo(b.severity()));
        return out;
    }

    /**
     * Moves the caret to the start of a 1-based line (clamped to the text), scrolls it to the middle
     * and focuses the editor: for check results that point at {@code Dockerfile:9}.
     */
    public void showLine(int line) {
        int paragraph = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
        String text = area.getParagraph(paragraph).getText();
        int column = 0;
        while (column < text.length() && Character.isWhitespace(text.charAt(column))) {
            column++;
        }
        area.moveTo(paragraph, column);
        area.showParagraphAtCenter(paragraph);
        area.requestFocus();
    }

    /** Highlights and lints the current text again (what the linter reads besides the text, e.g. the cluster, changed). */
    public void relint() {
        requestHighlight();
    }

    /** The caret's 1-based line. */
    public int caretLine() {
        return area.getCurrentParagraph() + 1;
    }

    /** Stops highlighting and lint (for tab close): unsubscribes from the text changes and removes handlers. */
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        changes.unsubscribe();
        area.textProperty().removeListener(dirtyTracker);
        area.removeEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, mouseOverBegin);
        area.removeEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, mouseOverEnd);
        Nodes.removeInputMap(area, keys);
        lintTooltip.hide();
    }

    public boolean isDisposed() {
        return disposed;
    }

    /** The RichTextFX area, for tests and for callers that need caret or selection details. */
    CodeArea codeArea() {
        return area;
    }

    Tooltip lintTooltip() {
        return lintTooltip;
    }

    // ---------------------------------------------------------------- highlighting

    /** Highlights and lints the current text in the background; applied only if the text is unchanged by then. */
    private void requestHighlight() {
        if (disposed) {
            return;
        }
        String snapshot = area.getText();
        try {
            CompletableFuture.supplyAsync(() -> compute(snapshot, styler, linter), background)
                    .whenComplete((result, error) -> Platform.runLater(() -> apply(snapshot, result)));
        } catch (RejectedExecutionException e) {
            // the app is shutting down its background executor: nothing left to highlight for
        }
    }

    /** Whether the editor is in a scene of a window that shows (kept: the listener on it lives as long as this). */
    private final ObservableValue<Boolean> inShownWindow;
    /** A highlight that arrived while the editor was in no shown window, applied when it shows again. */
    private Runnable heldBack;

    private void apply(String snapshot, Highlight result) {
        if (disposed || result == null || !area.getText().equals(snapshot)) {
            return;
        }
        if (!inShownWindow.getValue()) {
            // new styles make the area lay out and style the lines they touch; in a scene no window shows (a file
            // window closed, a scene replaced) JavaFX no longer has the theme's looked-up colours for it and logs
            // "Could not resolve '-color-…'" for each line: held back until the editor shows again
            heldBack = () -> apply(snapshot, result);
            return;
        }
        area.setStyleSpans(0, result.spans());
        placed = result.placed();
        Map<Integer, Severity> oldSeverity = lineSeverity;
        lineSeverity = result.lineSeverity();
        lineMessages = result.lineMessages();
        Set<Integer> changed = new HashSet<>(oldSeverity.keySet());
        changed.addAll(lineSeverity.keySet());
        // only paragraphs on screen have a graphic to redo; the others get theirs when they scroll in
        // (asking an editor that is not laid out yet, in a tab not shown, trips Flowless)
        if (area.getWidth() > 0 && area.getHeight() > 0 && !area.getVisibleParagraphs().isEmpty()) {
            int first = area.firstVisibleParToAllParIndex();
            int last = area.lastVisibleParToAllParIndex();
            for (int p : changed) {
                if (p >= first && p <= last && !Objects.equals(oldSeverity.get(p), lineSeverity.get(p))) {
                    area.recreateParagraphGraphic(p);
                }
            }
        }
        lint.set(result.marks());
    }

    /** A lint mark at its character range in the text. */
    record Placed(LintMark mark, int start, int end) {
    }

    record Highlight(StyleSpans<Collection<String>> spans, List<LintMark> marks, List<Placed> placed,
                     Map<Integer, Severity> lineSeverity, Map<Integer, String> lineMessages) {
    }

    /**
     * Token styles plus lint classes for a text (pure; runs on the background thread). A styler or linter
     * that throws degrades to plain text or no marks, never to a broken editor.
     */
    static Highlight compute(String text, Styler styler, Function<String, List<LintMark>> linter) {
        StyleSpans<Collection<String>> tokens;
        try {
            tokens = styler.style(text);
            if (tokens.length() != text.length()) {
                tokens = Spans.plain(text);
            }
        } catch (RuntimeException e) {
            tokens = Spans.plain(text);
        }
        List<LintMark> marks;
        try {
            marks = List.copyOf(linter.apply(text));
        } catch (RuntimeException e) {
            marks = List.of();
        }
        List<Placed> placed = place(text, marks);
        Map<Integer, Severity> lineSeverity = new HashMap<>();
        Map<Integer, String> lineMessages = new HashMap<>();
        for (LintMark mark : marks) {
            int paragraph = mark.line() - 1;
            lineSeverity.merge(paragraph, mark.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            lineMessages.merge(paragraph, describe(mark), (a, b) -> a + "\n" + b);
        }
        StyleSpans<Collection<String>> spans = placed.isEmpty() ? tokens
                : tokens.overlay(lintSpans(text.length(), placed), CodeEditor::merge);
        return new Highlight(spans, marks, placed, Map.copyOf(lineSeverity), Map.copyOf(lineMessages));
    }

    /** The character ranges of marks in {@code text}; lines and columns outside the text are clamped. */
    static List<Placed> place(String text, List<LintMark> marks) {
        if (marks.isEmpty()) {
            return List.of();
        }
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        List<Placed> out = new ArrayList<>(marks.size());
        for (LintMark mark : marks) {
            int line = Math.min(mark.line(), starts.size()) - 1;
            int lineStart = starts.get(line);
            int lineEnd = line + 1 < starts.size() ? starts.get(line + 1) - 1 : text.length();
            if (lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            int start = Math.min(lineStart + mark.column() - 1, lineEnd);
            int end = mark.toEndOfLine() ? lineEnd : Math.min(lineStart + mark.endColumn() - 1, lineEnd);
            out.add(new Placed(mark, start, Math.max(start, end)));
        }
        return out;
    }

    private static StyleSpans<Collection<String>> lintSpans(int length, List<Placed> placed) {
        byte[] rank = new byte[length];
        for (Placed p : placed) {
            byte r = (byte) (3 - p.mark().severity().ordinal());
            for (int i = p.start(); i < p.end() && i < length; i++) {
                if (rank[i] < r) {
                    rank[i] = r;
                }
            }
        }
        StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
        builder.add(List.of(), 0);
        int i = 0;
        while (i < length) {
            int j = i;
            while (j < length && rank[j] == rank[i]) {
                j++;
            }
            builder.add(lintStyle(rank[i]), j - i);
            i = j;
        }
        return builder.create();
    }

    private static Collection<String> lintStyle(byte rank) {
        return switch (rank) {
            case 3 -> List.of(Tokens.LINT_ERROR);
            case 2 -> List.of(Tokens.LINT_WARNING);
            case 1 -> List.of(Tokens.LINT_INFO);
            default -> List.of();
        };
    }

    private static Collection<String> merge(Collection<String> token, Collection<String> lintStyle) {
        if (lintStyle.isEmpty()) {
            return token;
        }
        if (token.isEmpty()) {
            return lintStyle;
        }
        List<String> both = new ArrayList<>(token.size() + lintStyle.size());
        both.addAll(token);
        both.addAll(lintStyle);
        return both;
    }

    /**
     * The tooltip line of a mark: {@code Error: Unknown field "replica" ... (rule DL3025)}, {@code Warning [IST0157]: ...}
     * for the Istio analyzer, {@code Error (helm lint): ...} for Helm.
     */
    static String describe(LintMark mark) {
        String severity = switch (mark.severity()) {
            case ERROR -> "Error";
            case WARNING -> "Warning";
            case INFO -> "Note";
        };
        String source = mark.source();
        boolean rule = !source.equals("yaml") && !source.equals("kubernetes") && !source.equals("internal");
        if (source.startsWith("IST")) {
            return severity + " [" + source + "]: " + mark.message();
        }
        if (source.equals(HelmLint.SOURCE)) {
            return severity + " (helm lint): " + mark.message();
        }
        return severity + ": " + mark.message() + (rule ? " (rule " + source + ")" : "");
    }

    // ---------------------------------------------------------------- tooltip, gutter, keys

    private void showLintAt(int offset, double screenX, double screenY) {
        List<LintMark> marks = marksAt(offset);
        if (marks.isEmpty()) {
            lintTooltip.hide();
            return;
        }
        lintTooltip.setText(String.join("\n", marks.stream().map(CodeEditor::describe).toList()));
        lintTooltip.show(area, screenX, screenY + 14);
    }

    /** Line numbers, with a coloured marker and a tooltip on lines that have lint marks. */
    private IntFunction<Node> gutter() {
        IntFunction<Node> numbers = LineNumberFactory.get(area);
        return paragraph -> {
            Node number = numbers.apply(paragraph);
            Region marker = new Region();
            marker.getStyleClass().add(EditorStyles.GUTTER_MARKER);
            HBox box = new HBox(2, number, marker);
            box.setAlignment(Pos.CENTER_LEFT);
            box.getStyleClass().add(EditorStyles.GUTTER);
            Severity severity = lineSeverity.get(paragraph);
            if (severity != null) {
                box.getStyleClass().add(switch (severity) {
                    case ERROR -> EditorStyles.GUTTER_ERROR;
                    case WARNING -> EditorStyles.GUTTER_WARNING;
                    case INFO -> EditorStyles.GUTTER_INFO;
                });
                Tooltip tip = new Tooltip(lineMessages.getOrDefault(paragraph, ""));
                tip.setWrapText(true);
                tip.setMaxWidth(560);
                tip.setShowDelay(javafx.util.Duration.millis(250));
                Tooltip.install(box, tip);
            }
            return box;
        };
    }

    private void newLineKeepingIndent() {
        int paragraph = area.getCurrentParagraph();
        String line = area.getParagraph(paragraph).getText();
        int column = Math.min(area.getCaretColumn(), line.length());
        int indent = 0;
        while (indent < column && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
            indent++;
        }
        String prefix = line.substring(0, indent);
        if (kind == FileKind.YAML && line.substring(0, column).stripTrailing().endsWith(":")
                && !line.substring(indent, column).startsWith("#")) {
            prefix += YAML_INDENT;
        }
        area.replaceSelection("\n" + prefix);
        area.requestFollowCaret();
    }
}
