package orchlab.desktop.lesson;

/** Style classes of the rendered Markdown; the rules are in {@link #STYLESHEET}. */
public final class MarkdownStyles {
    /** Class-path resource of the stylesheet; {@link MarkdownView} adds it to itself. */
    public static final String STYLESHEET = "/orchlab/desktop/lesson/markdown.css";

    public static final String VIEW = "md-view";
    /** The reading column (max width, padding). */
    public static final String BODY = "md-body";

    public static final String HEADING = "md-heading";
    /** {@code md-h1} ... {@code md-h6}; see {@link #heading(int)}. */
    public static final String HEADING_PREFIX = "md-h";
    public static final String PARAGRAPH = "md-paragraph";

    public static final String TEXT = "md-text";
    public static final String EMPHASIS = "md-em";
    public static final String STRONG = "md-strong";
    public static final String CODE_INLINE = "md-code-inline";
    public static final String LINK = "md-link";
    /** A link the lab does not follow (file:, javascript:, outside the course...). */
    public static final String LINK_INERT = "md-link-inert";
    public static final String HTML = "md-html";

    public static final String LIST = "md-list";
    public static final String LIST_TIGHT = "md-list-tight";
    public static final String LIST_ITEM = "md-list-item";
    public static final String LIST_MARKER = "md-list-marker";
    public static final String LIST_CONTENT = "md-list-content";
    public static final String TASK_DONE = "md-task-done";
    public static final String TASK_OPEN = "md-task-open";

    /** A block quote, shown as a note. */
    public static final String CALLOUT = "md-callout";
    public static final String CALLOUT_TITLE = "md-callout-title";
    /** Added with {@code md-callout-note}, {@code -tip}, {@code -important}, {@code -warning}, {@code -caution}. */
    public static final String CALLOUT_PREFIX = "md-callout-";
    public static final String RULE = "md-rule";

    public static final String TABLE = "md-table";
    public static final String TABLE_CELL = "md-table-cell";
    public static final String TABLE_HEADER = "md-table-header";
    public static final String TABLE_ROW_ODD = "md-table-row-odd";

    public static final String CODE_BLOCK = "md-code-block";
    public static final String CODE_TOOLBAR = "md-code-toolbar";
    public static final String CODE_LANGUAGE = "md-code-language";
    public static final String CODE_SCROLL = "md-code-scroll";
    /** The TextFlow holding the code. */
    public static final String CODE = "md-code";
    /** Every Text node of a code block (plus the styler's classes). */
    public static final String CODE_TEXT = "md-code-text";
    public static final String COPY_BUTTON = "md-copy-button";
    public static final String RUN_BUTTON = "md-run-button";

    public static final String IMAGE = "md-image";
    public static final String IMAGE_PLACEHOLDER = "md-image-placeholder";

    private MarkdownStyles() {
    }

    /** {@code md-h1} for level 1, and so on. */
    public static String heading(int level) {
        return HEADING_PREFIX + level;
    }
}
