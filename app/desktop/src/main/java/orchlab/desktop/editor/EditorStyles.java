package orchlab.desktop.editor;

/** Style classes of the editor, its lint popup and gutter, and the diff view (CSS in {@code editor.css}). */
public final class EditorStyles {
    /** the {@link CodeEditor} node */
    public static final String CODE_EDITOR = "code-editor";
    /** the popup with the lint messages under the mouse */
    public static final String LINT_POPUP = "lint-popup";
    public static final String LINT_POPUP_MESSAGE = "lint-popup-message";
    public static final String LINT_POPUP_SOURCE = "lint-popup-source";
    /** a line-number gutter cell ({@code lint-gutter-error} etc. added when its line has marks) */
    public static final String GUTTER = "editor-gutter";
    public static final String GUTTER_ERROR = "lint-gutter-error";
    public static final String GUTTER_WARNING = "lint-gutter-warning";
    public static final String GUTTER_INFO = "lint-gutter-info";
    public static final String GUTTER_MARKER = "lint-gutter-marker";

    /** the {@link DiffView} node */
    public static final String DIFF_VIEW = "diff-view";
    public static final String DIFF_HEADER = "diff-header";
    public static final String DIFF_TITLE = "diff-title";
    public static final String DIFF_SUMMARY = "diff-summary";
    public static final String DIFF_LIST = "diff-list";
    public static final String DIFF_ROW = "diff-row";
    public static final String DIFF_SAME = "diff-same";
    public static final String DIFF_REMOVED = "diff-removed";
    public static final String DIFF_ADDED = "diff-added";
    /** the blank side of a side-by-side row where the other side has a line */
    public static final String DIFF_FILLER = "diff-filler";
    public static final String DIFF_LINE_NUMBER = "diff-line-number";
    public static final String DIFF_SIGN = "diff-sign";
    public static final String DIFF_TEXT = "diff-text";

    private EditorStyles() {
    }
}
