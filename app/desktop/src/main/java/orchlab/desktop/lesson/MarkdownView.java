package orchlab.desktop.lesson;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A lesson or exercise description: Markdown parsed by commonmark-java (with GFM tables) and shown as JavaFX nodes.
 *
 * <p>The view is a {@link VBox} holding one centred reading column ({@link MarkdownStyles#BODY}, at most
 * {@link #READING_WIDTH} wide). It does not scroll by itself: put it in a {@link ScrollPane} whose
 * {@code fitToWidth} is true (see {@link #inScrollPane()}), so that text wraps to the width and images scale down to
 * it. {@code #anchor} links scroll that ScrollPane to the heading.
 *
 * <p>Nothing in the Markdown is executed: HTML is shown as text, links only call {@link MarkdownActions}, images are
 * read only from inside the course folder, and web images are not loaded (the lab works offline).
 *
 * <p>Use on the JavaFX thread.
 */
public class MarkdownView extends VBox {
    /** The widest the text column grows, in pixels, like a documentation site; CSS {@code -fx-max-width} overrides. */
    public static final double READING_WIDTH = 860;
    /** How long the Copy button says "Copied". */
    public static final Duration COPIED_FOR = Duration.seconds(1.5);

    static final String COPY = "Copy";
    static final String COPIED = "Copied";
    static final String RUN = "Run in terminal";

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Pattern ALERT = Pattern.compile("^\\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)]\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BREAK_TAG = Pattern.compile("(?i)<br\\s*/?>");

    private final MarkdownActions actions;
    private final CodeStyler styler;
    private final VBox body = new VBox();
    private final Map<String, javafx.scene.Node> anchors = new HashMap<>();
    private Path baseDir = Path.of("").toAbsolutePath();
    private Path courseRoot = baseDir;
    private int listDepth;

    /**
     * @param actions what links and the code blocks' buttons do
     * @param styler  syntax colouring of code blocks ({@link CodeStyler#NONE} for none)
     */
    public MarkdownView(MarkdownActions actions, CodeStyler styler) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.styler = Objects.requireNonNull(styler, "styler");
        getStyleClass().add(MarkdownStyles.VIEW);
        URL css = MarkdownView.class.getResource(MarkdownStyles.STYLESHEET);
        if (css != null) {
            getStylesheets().add(css.toExternalForm());
        }
        setAlignment(Pos.TOP_CENTER);
        setFillWidth(true);
        body.getStyleClass().add(MarkdownStyles.BODY);
        body.setMaxWidth(READING_WIDTH);
        body.setMinWidth(0);
        setMinWidth(0);
        getChildren().add(body);
        // a narrow column (a lesson at 1024×768) gets less padding and smaller headings, so "Deployments" does not
        // break mid-word and a table has room; the two thresholds keep a scroll bar's width from flipping it.
        // Compact Markdown (a task, a hint, a quiz question) has its own small margins and stays as it is.
        widthProperty().addListener((o, was, width) -> {
            if (getStyleClass().contains("md-compact")) {
                return;
            }
            boolean narrow = getPseudoClassStates().contains(NARROW);
            if (width.doubleValue() > 0 && (narrow ? width.doubleValue() > NARROW_BELOW + 24 : width.doubleValue() < NARROW_BELOW)) {
                pseudoClassStateChanged(NARROW, !narrow);
            }
        });
    }

    /** Below this width the view takes the {@code :narrow} pseudo-class (smaller margins and headings). */
    public static final double NARROW_BELOW = 480;
    private static final javafx.css.PseudoClass NARROW = javafx.css.PseudoClass.getPseudoClass("narrow");

    /**
     * Replaces what the view shows.
     *
     * @param markdown   the Markdown text (front matter already removed); {@code null} shows nothing
     * @param baseDir    the folder of the Markdown file: images and lesson links are relative to it
     * @param courseRoot the course folder ({@code Course.root()}: holds {@code lessons/} and {@code assets/}); no image
     *                   or lesson outside it is opened
     */
    public void show(String markdown, Path baseDir, Path courseRoot) {
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
        this.courseRoot = Objects.requireNonNull(courseRoot, "courseRoot").toAbsolutePath().normalize();
        body.getChildren().clear();
        anchors.clear();
        listDepth = 0;
        Node document = markdown == null ? null : PARSED_AHEAD.remove(markdown);
        if (document == null) {
            document = PARSER.parse(markdown == null ? "" : markdown);
        }
        blocks(document, body);
    }

    /** Markdown parsed ahead by {@link #parseAhead}, by the very String it was parsed from (at most one). */
    private static final Map<String, Node> PARSED_AHEAD = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /**
     * Parses {@code markdown} on the calling thread (a loading thread, ahead of time), for the next {@link #show} of the
     * same String: the lesson the window opens with is shown without parsing it on the FX thread. Keeps only the last.
     */
    public static void parseAhead(String markdown) {
        if (markdown == null) {
            return;
        }
        Node document = PARSER.parse(markdown);
        synchronized (PARSED_AHEAD) {
            PARSED_AHEAD.clear();
            PARSED_AHEAD.put(markdown, document);
        }
    }

    /** A ScrollPane set up for this view (fits the width, scrolls vertically only). */
    public ScrollPane inScrollPane() {
        ScrollPane scroll = new ScrollPane(this);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /**
     * Scrolls the enclosing ScrollPane so the heading with this anchor ({@link Anchors#slug}) is at the top.
     *
     * @return false when there is no such heading or the view is not in a ScrollPane
     */
    public boolean scrollToAnchor(String anchor) {
        javafx.scene.Node heading = anchors.get(anchor == null ? "" : anchor.toLowerCase(Locale.ROOT));
        if (heading == null) {
            return false;
        }
        ScrollPane scroll = enclosingScrollPane();
        if (scroll == null || scroll.getContent() == null) {
            return false;
        }
        javafx.scene.Node content = scroll.getContent();
        Bounds inContent = content.sceneToLocal(heading.localToScene(heading.getBoundsInLocal()));
        double scrollable = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
        if (scrollable <= 0) {
            return true;
        }
        double fraction = Math.max(0, Math.min(1, inContent.getMinY() / scrollable));
        scroll.setVvalue(scroll.getVmin() + fraction * (scroll.getVmax() - scroll.getVmin()));
        return true;
    }

    private ScrollPane enclosingScrollPane() {
        for (Parent p = getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane scroll) {
                return scroll;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- blocks

    private void blocks(Node parent, Pane into) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            block(n, into);
        }
    }

    private void block(Node n, Pane into) {
        if (n instanceof Heading heading) {
            into.getChildren().add(heading(heading));
        } else if (n instanceof Paragraph paragraph) {
            paragraph(paragraph, into);
        } else if (n instanceof ListBlock list) {
            into.getChildren().add(list(list));
        } else if (n instanceof BlockQuote quote) {
            into.getChildren().add(callout(quote));
        } else if (n instanceof FencedCodeBlock code) {
            into.getChildren().add(codeBlock(code.getInfo(), code.getLiteral()));
        } else if (n instanceof IndentedCodeBlock code) {
            into.getChildren().add(codeBlock("", code.getLiteral()));
        } else if (n instanceof ThematicBreak) {
            Separator rule = new Separator();
            rule.getStyleClass().add(MarkdownStyles.RULE);
            into.getChildren().add(rule);
        } else if (n instanceof HtmlBlock html) {
            into.getChildren().add(htmlBlock(html.getLiteral()));
        } else if (n instanceof TableBlock table) {
            into.getChildren().add(table(table));
        } else if (n instanceof LinkReferenceDefinition) {
            // already applied to the links by the parser
        } else if (n.getFirstChild() != null) {
            blocks(n, into); // an unknown container block: show what it contains
        }
    }

    private javafx.scene.Node heading(Heading heading) {
        int level = Math.max(1, Math.min(6, heading.getLevel()));
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll(MarkdownStyles.HEADING, MarkdownStyles.heading(level), title(level));
        new Inlines(flow).children(heading, List.of());
        String slug = Anchors.slug(plainText(heading));
        String id = slug;
        for (int k = 1; anchors.containsKey(id); k++) {
            id = slug + "-" + k;
        }
        anchors.put(id, flow);
        flow.setAccessibleText(plainText(heading));
        return flow;
    }

    private static String title(int level) {
        return switch (level) {
            case 1 -> Styles.TITLE_1;
            case 2 -> Styles.TITLE_2;
            case 3 -> Styles.TITLE_3;
            default -> Styles.TITLE_4;
        };
    }

    /** A paragraph is a TextFlow; an image directly in it becomes a block of its own, between the text around it. */
    private void paragraph(Paragraph paragraph, Pane into) {
        TextFlow flow = newParagraph();
        Inlines inlines = new Inlines(flow);
        for (Node n = paragraph.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Image image) {
                addIfNotBlank(flow, into);
                into.getChildren().add(image(image));
                flow = newParagraph();
                inlines = new Inlines(flow);
            } else {
                inlines.inline(n, List.of());
            }
        }
        addIfNotBlank(flow, into);
    }

    private static TextFlow newParagraph() {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(MarkdownStyles.PARAGRAPH);
        return flow;
    }

    private static void addIfNotBlank(TextFlow flow, Pane into) {
        boolean blank = flow.getChildren().stream()
                .allMatch(c -> c instanceof Text t && t.getText().isBlank());
        if (!blank) {
            into.getChildren().add(flow);
        }
    }

    private javafx.scene.Node list(ListBlock list) {
        VBox box = new VBox();
        box.getStyleClass().add(MarkdownStyles.LIST);
        if (list.isTight()) {
            box.getStyleClass().add(MarkdownStyles.LIST_TIGHT);
        }
        int number = 1;
        String delimiter = ".";
        if (list instanceof OrderedList ordered) {
            Integer start = ordered.getMarkerStartNumber();
            number = start == null ? 1 : start;
            delimiter = ordered.getMarkerDelimiter() == null ? "." : ordered.getMarkerDelimiter();
        }
        listDepth++;
        try {
            for (Node n = list.getFirstChild(); n != null; n = n.getNext()) {
                if (!(n instanceof ListItem item)) {
                    continue;
                }
                String marker = list instanceof BulletList ? bullet(listDepth) : (number++) + delimiter;
                box.getChildren().add(listItem(item, marker));
            }
        } finally {
            listDepth--;
        }
        return box;
    }

    private static String bullet(int depth) {
        return switch ((depth - 1) % 3) {
            case 0 -> "\u2022";
            case 1 -> "\u25E6";
            default -> "\u25AA";
        };
    }

    private javafx.scene.Node listItem(ListItem item, String marker) {
        Label markerLabel = new Label(marker);
        markerLabel.getStyleClass().add(MarkdownStyles.LIST_MARKER);
        markerLabel.setMinWidth(Region.USE_PREF_SIZE);
        String task = taskState(item);
        if (task != null) {
            boolean done = task.equals("x");
            markerLabel.setText(done ? "\u2611" : "\u2610");
            markerLabel.getStyleClass().add(done ? MarkdownStyles.TASK_DONE : MarkdownStyles.TASK_OPEN);
        }
        VBox content = new VBox();
        content.getStyleClass().add(MarkdownStyles.LIST_CONTENT);
        content.setMinWidth(0);
        blocks(item, content);
        HBox row = new HBox(markerLabel, content);
        row.getStyleClass().add(MarkdownStyles.LIST_ITEM);
        HBox.setHgrow(content, Priority.ALWAYS);
        return row;
    }

    /** "x", " " for a task item ({@code - [x] done}), removing the box from the text; null otherwise. */
    private static String taskState(ListItem item) {
        if (item.getFirstChild() instanceof Paragraph p
                && p.getFirstChild() instanceof org.commonmark.node.Text text) {
            String literal = text.getLiteral();
            if (literal.length() >= 3 && literal.charAt(0) == '[' && literal.charAt(2) == ']'
                    && (literal.length() == 3 || literal.charAt(3) == ' ')) {
                char c = Character.toLowerCase(literal.charAt(1));
                if (c == 'x' || c == ' ') {
                    text.setLiteral(literal.substring(Math.min(literal.length(), 4)));
                    return String.valueOf(c);
                }
            }
        }
        return null;
    }

    private javafx.scene.Node callout(BlockQuote quote) {
        VBox box = new VBox();
        box.getStyleClass().add(MarkdownStyles.CALLOUT);
        if (quote.getFirstChild() instanceof Paragraph p
                && p.getFirstChild() instanceof org.commonmark.node.Text text) {
            var alert = ALERT.matcher(text.getLiteral());
            if (alert.find()) {
                String kind = alert.group(1).toLowerCase(Locale.ROOT);
                text.setLiteral(text.getLiteral().substring(alert.end()));
                if (text.getLiteral().isEmpty() && text.getNext() instanceof SoftLineBreak br) {
                    br.unlink();
                }
                box.getStyleClass().add(MarkdownStyles.CALLOUT_PREFIX + kind);
                Label title = new Label(Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
                        new FontIcon(switch (kind) {
                            case "warning", "caution" -> Feather.ALERT_TRIANGLE;
                            default -> Feather.INFO;
                        }));
                title.getStyleClass().add(MarkdownStyles.CALLOUT_TITLE);
                box.getChildren().add(title);
            }
        }
        blocks(quote, box);
        return box;
    }

    private javafx.scene.Node htmlBlock(String literal) {
        Text text = new Text(stripFinalNewline(literal));
        text.getStyleClass().addAll(MarkdownStyles.TEXT, MarkdownStyles.HTML);
        TextFlow flow = new TextFlow(text);
        flow.getStyleClass().addAll(MarkdownStyles.PARAGRAPH, MarkdownStyles.HTML);
        return flow;
    }

    /** A table that fits the reading column: columns share its width and the cells' text wraps. */
    private javafx.scene.Node table(TableBlock table) {
        List<List<Region>> rows = new ArrayList<>();
        int columns = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            boolean header = section instanceof TableHead;
            if (!header && !(section instanceof TableBody)) {
                continue;
            }
            for (Node r = section.getFirstChild(); r != null; r = r.getNext()) {
                if (!(r instanceof TableRow)) {
                    continue;
                }
                List<Region> row = new ArrayList<>();
                for (Node c = r.getFirstChild(); c != null; c = c.getNext()) {
                    if (c instanceof TableCell cell) {
                        row.add(tableCell(cell, header, rows.size()));
                    }
                }
                columns = Math.max(columns, row.size());
                rows.add(row);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            while (rows.get(r).size() < columns) {
                rows.get(r).add(tableCell(null, r == 0, r));
            }
        }
        MarkdownTable grid = new MarkdownTable(rows, columns);
        grid.getStyleClass().add(MarkdownStyles.TABLE);
        return grid;
    }

    /** A cell: its text wraps to the width the table gives it ({@code cell} null: an empty cell). */
    private Region tableCell(TableCell cell, boolean header, int row) {
        TextFlow flow = new TextFlow();
        TableCell.Alignment alignment = cell == null ? null : cell.getAlignment();
        if (cell != null) {
            new Inlines(flow).children(cell, header ? List.of(MarkdownStyles.STRONG) : List.of());
        }
        if (alignment == TableCell.Alignment.CENTER) {
            flow.setTextAlignment(TextAlignment.CENTER);
        } else if (alignment == TableCell.Alignment.RIGHT) {
            flow.setTextAlignment(TextAlignment.RIGHT);
        }
        StackPane box = new StackPane(flow);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add(MarkdownStyles.TABLE_CELL);
        if (header) {
            box.getStyleClass().add(MarkdownStyles.TABLE_HEADER);
        } else if (row % 2 == 0) {
            box.getStyleClass().add(MarkdownStyles.TABLE_ROW_ODD);
        }
        box.setMinWidth(0);
        return box;
    }

    // ---------------------------------------------------------------- code blocks

    private javafx.scene.Node codeBlock(String info, String literal) {
        String language = CodeBlocks.language(info);
        String code = stripFinalNewline(literal == null ? "" : literal);

        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(MarkdownStyles.CODE);
        flow.getChildren().addAll(codeTexts(language, code));
        ScrollPane scroll = new ScrollPane(flow);
        scroll.getStyleClass().addAll(MarkdownStyles.CODE_SCROLL, Tweaks.EDGE_TO_EDGE);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.setFitToHeight(true);
        reserveRoomForHorizontalBar(scroll, flow);

        Label languageLabel = new Label(language);
        languageLabel.getStyleClass().add(MarkdownStyles.CODE_LANGUAGE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(languageLabel, spacer);
        toolbar.getStyleClass().add(MarkdownStyles.CODE_TOOLBAR);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        List<String> commands = CodeBlocks.commandsOf(language, code);
        if (!commands.isEmpty()) {
            Button run = new Button(RUN, new FontIcon(Feather.TERMINAL));
            run.getStyleClass().addAll(MarkdownStyles.RUN_BUTTON, Styles.SMALL, Styles.ACCENT);
            String text = String.join("\n", commands);
            lazyTooltip(run, "Runs in the lab's terminal:\n" + text);
            run.setOnAction(e -> RunConfirmation.thenRun(run, text, () -> actions.runInTerminal(text)));
            toolbar.getChildren().add(run);
        }
        Button copy = new Button(COPY, new FontIcon(Feather.COPY));
        copy.getStyleClass().addAll(MarkdownStyles.COPY_BUTTON, Styles.SMALL, Styles.FLAT);
        lazyTooltip(copy, "Copy this code to the clipboard");
        PauseTransition revert = new PauseTransition(COPIED_FOR);
        revert.setOnFinished(e -> copy.setText(COPY));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(code);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText(COPIED);
            revert.playFromStart();
            actions.copied(code);
        });
        toolbar.getChildren().add(copy);
        fitCodeButtons(toolbar, languageLabel);

        VBox block = new VBox(toolbar, scroll);
        block.getStyleClass().add(MarkdownStyles.CODE_BLOCK);
        block.setMinWidth(0);
        return block;
    }

    /** What "Run in terminal" says where its words do not fit. */
    static final String RUN_SHORT = "Run";

    /**
     * A code block's buttons are never cut to "...": in a narrow lesson column "Run in terminal" says "Run", and
     * where even that does not fit both buttons show only their icons (their tooltips say what they do).
     */
    private static void fitCodeButtons(HBox toolbar, Label language) {
        List<Button> buttons = toolbar.getChildren().stream().filter(Button.class::isInstance).map(Button.class::cast).toList();
        buttons.forEach(b -> b.setMinWidth(Region.USE_PREF_SIZE));
        language.setMinWidth(0);
        // the row itself may be squeezed (so a narrow column tells it to fit); its buttons never are
        toolbar.setMinWidth(0);
        Runnable fit = () -> {
            double width = toolbar.getWidth();
            if (width <= 0) {
                return;
            }
            double room = width - toolbar.snappedLeftInset() - toolbar.snappedRightInset()
                    - toolbar.getSpacing() * (toolbar.getChildren().size() - 1) - language.minWidth(-1);
            for (int style = 0; style < 3; style++) {
                for (Button b : buttons) {
                    boolean run = b.getStyleClass().contains(MarkdownStyles.RUN_BUTTON);
                    if (run) {
                        b.setText(style == 0 ? RUN : RUN_SHORT);
                    }
                    b.setContentDisplay(style == 2 ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                            : javafx.scene.control.ContentDisplay.LEFT);
                    if (style == 2 && b.getTooltip() == null) {
                        // an icon alone says what it does (hovered, the fuller tooltip replaces this one)
                        b.setTooltip(new Tooltip(run ? RUN : COPY));
                    }
                }
                double needed = 0;
                for (Button b : buttons) {
                    needed += b.prefWidth(-1);
                }
                if (needed <= room) {
                    return;
                }
            }
        };
        toolbar.widthProperty().addListener((o, was, now) -> fit.run());
    }

    /** The code as Text nodes carrying the styler's classes; plain text where the styler gives nothing. */
    List<Text> codeTexts(String language, String code) {
        List<Text> texts = new ArrayList<>();
        StyleSpans<Collection<String>> spans;
        try {
            spans = styler.style(language, code);
        } catch (RuntimeException e) {
            spans = null; // a broken styler must not hide the lesson: show the code uncoloured
        }
        int position = 0;
        if (spans != null) {
            for (StyleSpan<Collection<String>> span : spans) {
                if (position >= code.length()) {
                    break;
                }
                int end = (int) Math.min(code.length(), (long) position + Math.max(0, span.getLength()));
                if (end > position) {
                    Text text = codeText(code.substring(position, end));
                    if (span.getStyle() != null) {
                        text.getStyleClass().addAll(span.getStyle());
                    }
                    texts.add(text);
                }
                position = end;
            }
        }
        if (position < code.length()) {
            texts.add(codeText(code.substring(position)));
        }
        return texts;
    }

    private static Text codeText(String s) {
        Text text = new Text(s);
        text.getStyleClass().add(MarkdownStyles.CODE_TEXT);
        return text;
    }

    /**
     * A ScrollPane with an as-needed horizontal bar does not count the bar in its height, so the bar would cover the
     * last line: ask for room for it only while the content is wider than the viewport.
     */
    private static void reserveRoomForHorizontalBar(ScrollPane scroll, Region content) {
        Runnable update = () -> {
            Bounds viewport = scroll.getViewportBounds();
            boolean overflow = viewport != null && viewport.getWidth() > 0
                    && content.getLayoutBounds().getWidth() > viewport.getWidth() + 0.5;
            scroll.setMinViewportWidth(overflow ? 1 : 0);
        };
        scroll.viewportBoundsProperty().addListener((o, a, b) -> update.run());
        content.layoutBoundsProperty().addListener((o, a, b) -> update.run());
    }

    // ---------------------------------------------------------------- images

    private javafx.scene.Node image(Image image) {
        String src = image.getDestination() == null ? "" : image.getDestination().strip();
        String alt = plainText(image).strip();
        String altNote = alt.isEmpty() ? "" : " (" + alt + ")";
        if (LessonPaths.hasScheme(src) || src.startsWith("//")) {
            String scheme = src.startsWith("//") ? "" : src.substring(0, src.indexOf(':')).toLowerCase(Locale.ROOT);
            if (scheme.equals("http") || scheme.equals("https")) {
                return webImage(src, alt);
            }
            return placeholder("image not shown: " + src + altNote
                    + " \u2014 only images from the course's folder are shown.");
        }
        Optional<Path> file = LessonPaths.resolveInside(baseDir, courseRoot, src);
        if (file.isEmpty()) {
            return placeholder("image refused: " + src + altNote + " is outside the course's folder.");
        }
        Path path = file.get();
        if (!Files.isRegularFile(path)) {
            return placeholder("image not found: " + src + altNote);
        }
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            return placeholder("SVG images cannot be shown here: " + src + altNote
                    + " \u2014 export it as PNG.");
        }
        Optional<java.awt.Dimension> size = imageSize(path);
        if (size.isEmpty()) {
            return placeholder("image could not be loaded: " + src + altNote
                    + " \u2014 use PNG, JPEG, GIF or BMP.");
        }
        long pixels = (long) size.get().width * size.get().height;
        if (pixels > MAX_IMAGE_PIXELS) {
            return placeholder("image not shown: " + src + altNote + " is " + size.get().width + "\u00d7" + size.get().height
                    + " pixels; the lab shows images of at most " + MAX_IMAGE_PIXELS / 1_000_000 + " million pixels \u2014 scale it down.");
        }
        // decoded on JavaFX's background loader, never on the FX thread; the header gave the size for the layout
        javafx.scene.image.Image loaded = new javafx.scene.image.Image(path.toUri().toString(), true);
        double naturalWidth = size.get().width;
        ImageView view = new ImageView(loaded);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setAccessibleText(alt);
        Region probe = DiagramTheme.probe();
        StackPane box = new StackPane(view, probe);
        box.getStyleClass().add(MarkdownStyles.IMAGE);
        // a diagram on white turns dark with the theme (DiagramTheme)
        DiagramTheme.follow(view, probe);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(0);
        view.fitWidthProperty().bind(Bindings.createDoubleBinding(() -> {
            Insets insets = box.getInsets();
            double room = box.getWidth() - insets.getLeft() - insets.getRight();
            return room <= 0 ? naturalWidth : Math.min(naturalWidth, room);
        }, box.widthProperty(), box.insetsProperty()));
        String failed = "image could not be loaded: " + src + altNote + " \u2014 use PNG, JPEG, GIF or BMP.";
        loaded.errorProperty().addListener((o, was, error) -> {
            if (error) {
                box.getChildren().setAll(placeholder(failed));
            }
        });
        String tip = image.getTitle() != null && !image.getTitle().isBlank() ? image.getTitle() : alt;
        if (!tip.isBlank()) {
            lazyTooltip(view, tip);
        }
        return box;
    }

    /** Lesson images are decoded only up to this many pixels (a small PNG can claim 50,000 × 50,000). */
    static final long MAX_IMAGE_PIXELS = 40_000_000L;

    /** The image's width and height from its header only (nothing is decoded), or empty when no reader knows it. */
    static Optional<java.awt.Dimension> imageSize(Path file) {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new java.awt.Dimension(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private javafx.scene.Node webImage(String src, String alt) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll(MarkdownStyles.PARAGRAPH, MarkdownStyles.IMAGE_PLACEHOLDER);
        Inlines inlines = new Inlines(flow);
        inlines.add("Web image not loaded (the lab works offline)" + (alt.isEmpty() ? "" : ": " + alt) + " \u2014 ",
                List.of(), null);
        inlines.add(src, List.of(), LinkTarget.of(src, baseDir, courseRoot));
        return flow;
    }

    private static javafx.scene.Node placeholder(String message) {
        Label label = new Label(message, new FontIcon(Feather.IMAGE));
        label.getStyleClass().add(MarkdownStyles.IMAGE_PLACEHOLDER);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    // ---------------------------------------------------------------- inlines

    /** Appends a block's inline content to a TextFlow as Text nodes. */
    private final class Inlines {
        private final TextFlow flow;

        Inlines(TextFlow flow) {
            this.flow = flow;
        }

        void children(Node parent, List<String> classes) {
            children(parent, classes, null);
        }

        private void children(Node parent, List<String> classes, LinkTarget link) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                inline(n, classes, link);
            }
        }

        void inline(Node n, List<String> classes) {
            inline(n, classes, null);
        }

        private void inline(Node n, List<String> classes, LinkTarget link) {
            if (n instanceof org.commonmark.node.Text text) {
                add(text.getLiteral(), classes, link);
            } else if (n instanceof Code code) {
                add(code.getLiteral(), with(classes, MarkdownStyles.CODE_INLINE), link);
            } else if (n instanceof Emphasis) {
                children(n, with(classes, MarkdownStyles.EMPHASIS), link);
            } else if (n instanceof StrongEmphasis) {
                children(n, with(classes, MarkdownStyles.STRONG), link);
            } else if (n instanceof Link l) {
                children(n, classes, LinkTarget.of(l.getDestination(), baseDir, courseRoot));
            } else if (n instanceof SoftLineBreak) {
                add(" ", classes, link);
            } else if (n instanceof HardLineBreak) {
                add("\n", classes, link);
            } else if (n instanceof HtmlInline html) {
                if (BREAK_TAG.matcher(html.getLiteral()).matches()) {
                    add("\n", classes, link);
                } else {
                    add(html.getLiteral(), with(classes, MarkdownStyles.HTML), link);
                }
            } else if (n instanceof Image image) {
                // an image inside a link, heading or table cell: its alt text
                String alt = plainText(image);
                add(alt.isBlank() ? "[image]" : alt, with(classes, MarkdownStyles.EMPHASIS), link);
            } else {
                children(n, classes, link);
            }
        }

        void add(String s, List<String> classes, LinkTarget link) {
            if (s == null || s.isEmpty()) {
                return;
            }
            Text text = new Text(s);
            text.getStyleClass().add(MarkdownStyles.TEXT);
            text.getStyleClass().addAll(classes);
            if (link != null) {
                decorate(text, link);
            }
            flow.getChildren().add(text);
        }

        private void decorate(Text text, LinkTarget link) {
            if (link instanceof LinkTarget.Inert inert) {
                text.getStyleClass().add(MarkdownStyles.LINK_INERT);
                lazyTooltip(text, inert.reason());
                return;
            }
            text.getStyleClass().add(MarkdownStyles.LINK);
            text.setCursor(Cursor.HAND);
            String tip;
            if (link instanceof LinkTarget.External external) {
                tip = external.uri().toString();
            } else if (link instanceof LinkTarget.LessonFile lesson) {
                tip = "Open the lesson " + courseRoot.relativize(lesson.file());
            } else {
                tip = "Go to the section";
            }
            lazyTooltip(text, tip);
            text.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY) {
                    e.consume();
                    follow(link);
                }
            });
        }
    }

    private void follow(LinkTarget link) {
        if (link instanceof LinkTarget.External external) {
            actions.openExternal(external.uri());
        } else if (link instanceof LinkTarget.LessonFile lesson) {
            actions.openLesson(lesson.file());
        } else if (link instanceof LinkTarget.Anchor anchor) {
            scrollToAnchor(anchor.id());
        }
    }

    /** Tooltips are costly to create (a popup window each), so one is made when the pointer first comes near. */
    private static void lazyTooltip(javafx.scene.Node node, String text) {
        EventHandler<MouseEvent> install = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                node.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                Tooltip.install(node, new Tooltip(text));
            }
        };
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, install);
    }

    private static List<String> with(List<String> classes, String more) {
        List<String> all = new ArrayList<>(classes);
        if (!all.contains(more)) {
            all.add(more);
        }
        return List.copyOf(all);
    }

    /** The text of inline content without markup (for anchors and alt text). */
    static String plainText(Node node) {
        StringBuilder out = new StringBuilder();
        appendPlain(node, out);
        return out.toString();
    }

    private static void appendPlain(Node node, StringBuilder out) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof org.commonmark.node.Text text) {
                out.append(text.getLiteral());
            } else if (n instanceof Code code) {
                out.append(code.getLiteral());
            } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                out.append(' ');
            } else {
                appendPlain(n, out);
            }
        }
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
