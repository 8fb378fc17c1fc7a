package orchlab.desktop.start;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.BorderWidths;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * The window's first frame, drawn before the app is built: the course title, the navigator with the modules' titles,
 * and grey placeholder lines where the lesson, the exercise and the bottom panel will be — in the theme's colours, so
 * the window is never a blank white rectangle. Made of layout panes, shapes and text only (no controls, no CSS):
 * nothing here makes JavaFX load a stylesheet, so it costs a few milliseconds. {@code MainWindow} replaces it.
 */
public final class StartSkeleton extends BorderPane {
    /** The navigator's share of the width, as the real window's first layout. */
    static final double NAVIGATOR_SHARE = 0.19;
    static final double LESSON_SHARE = 0.33;

    private record Palette(Color background, Color panel, Color border, Color text, Color muted, Color bar) {
    }

    private static final Palette LIGHT = new Palette(Color.web("#ffffff"), Color.web("#f6f8fa"), Color.web("#d0d7de"),
            Color.web("#1f2328"), Color.web("#656d76"), Color.web("#e6eaef"));
    private static final Palette DARK = new Palette(Color.web("#0d1117"), Color.web("#161b22"), Color.web("#30363d"),
            Color.web("#e6edf3"), Color.web("#7d8590"), Color.web("#262c36"));

    private final Palette palette;

    public StartSkeleton(CourseOutline outline, boolean dark) {
        this.palette = dark ? DARK : LIGHT;
        setId("start-skeleton");
        setBackground(fill(palette.background()));

        HBox top = new HBox(text("OrchLab", 13, FontWeight.BOLD, palette.text()), text(outline.title(), 13, FontWeight.NORMAL,
                palette.muted()));
        top.setSpacing(12);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 12, 6, 12));
        top.setMinHeight(30);
        top.setBackground(fill(palette.panel()));
        top.setBorder(line(0, 0, 1, 0));
        setTop(top);

        VBox navigator = new VBox(8);
        navigator.setId("start-skeleton-navigator");
        navigator.setPadding(new Insets(12));
        navigator.setBackground(fill(palette.panel()));
        navigator.setBorder(line(0, 1, 0, 0));
        Text courseTitle = text(outline.title(), 15, FontWeight.BOLD, palette.text());
        courseTitle.setId("start-skeleton-title");
        courseTitle.wrappingWidthProperty().bind(navigator.widthProperty().subtract(24));
        navigator.getChildren().addAll(courseTitle, bar(1.0, 6));
        List<String> modules = outline.modules();
        if (modules.isEmpty()) {
            for (int i = 0; i < 8; i++) {
                navigator.getChildren().add(bar(i % 3 == 0 ? 0.7 : 0.85, 12));
            }
        } else {
            for (String module : modules) {
                Text name = text(module, 13, FontWeight.SEMI_BOLD, palette.text());
                name.getStyleClass().add("start-skeleton-module");
                name.wrappingWidthProperty().bind(navigator.widthProperty().subtract(24));
                VBox.setMargin(name, new Insets(6, 0, 0, 0));
                navigator.getChildren().addAll(name, bar(0.8, 10), bar(0.65, 10));
            }
        }

        VBox lesson = column(List.of(bar(0.55, 22), gap(), bar(0.95, 11), bar(0.9, 11), bar(0.97, 11), bar(0.6, 11), gap(),
                bar(0.92, 11), bar(0.88, 11), bar(0.5, 11), gap(), bar(1.0, 90)));
        VBox work = column(List.of(bar(0.4, 18), bar(0.9, 11), bar(0.7, 11), gap(), bar(1.0, 160), gap(), bar(0.3, 14),
                bar(1.0, 70)));
        work.setBorder(line(0, 0, 0, 1));
        navigator.prefWidthProperty().bind(widthProperty().multiply(NAVIGATOR_SHARE));
        lesson.prefWidthProperty().bind(widthProperty().multiply(LESSON_SHARE));
        HBox.setHgrow(work, Priority.ALWAYS);
        HBox columns = new HBox(navigator, lesson, work);
        setCenter(columns);

        HBox status = new HBox(text("Starting the lab…", 12, FontWeight.NORMAL, palette.muted()));
        status.setAlignment(Pos.CENTER_LEFT);
        status.setPadding(new Insets(4, 12, 4, 12));
        status.setMinHeight(24);
        status.setBackground(fill(palette.panel()));
        status.setBorder(line(1, 0, 0, 0));
        setBottom(status);
    }

    private VBox column(List<Node> children) {
        VBox column = new VBox(10);
        column.setPadding(new Insets(20, 24, 20, 24));
        column.getChildren().addAll(children);
        return column;
    }

    /** A rounded grey line standing for text or a block, {@code share} of the column's width. */
    private Region bar(double share, double height) {
        Region bar = new Region() {
            @Override
            protected double computePrefWidth(double h) {
                return 0;
            }
        };
        bar.getStyleClass().add("start-skeleton-bar");
        bar.setMinHeight(height);
        bar.setPrefHeight(height);
        bar.setMaxHeight(height);
        bar.setBackground(new Background(new BackgroundFill(palette.bar(), new CornerRadii(Math.min(4, height / 2)), Insets.EMPTY)));
        bar.parentProperty().addListener((o, a, parent) -> {
            if (parent instanceof Region p) {
                bar.maxWidthProperty().bind(p.widthProperty().subtract(p.getInsets().getLeft() + p.getInsets().getRight())
                        .multiply(share));
            }
        });
        return bar;
    }

    private static Region gap() {
        Region gap = new Region();
        gap.setMinHeight(6);
        return gap;
    }

    private static Text text(String value, double size, FontWeight weight, Color color) {
        Text text = new Text(value);
        text.setFont(Font.font(Font.getDefault().getFamily(), weight, size));
        text.setFill(color);
        return text;
    }

    private static Background fill(Color color) {
        return new Background(new BackgroundFill(color, CornerRadii.EMPTY, Insets.EMPTY));
    }

    private Border line(double top, double right, double bottom, double left) {
        return new Border(new BorderStroke(palette.border(), BorderStrokeStyle.SOLID, CornerRadii.EMPTY,
                new BorderWidths(top, right, bottom, left)));
    }
}
