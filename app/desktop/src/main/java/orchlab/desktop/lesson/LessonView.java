package orchlab.desktop.lesson;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import orchlab.desktop.Styles;
import orchlab.engine.course.Lesson;

/** The lesson text, rendered from Markdown, scrolled to the top when another lesson opens. */
public final class LessonView extends BorderPane {
    private final ScrollPane scroll = new ScrollPane();
    private final MarkdownRenderer renderer;
    private final LessonViewModel vm;

    public LessonView(LessonViewModel vm, MarkdownRenderer renderer) {
        this.vm = vm;
        this.renderer = renderer;
        getStyleClass().add(Styles.LESSON);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setCenter(scroll);
        vm.lessonProperty().addListener((o, a, lesson) -> show(lesson));
        show(vm.lessonProperty().get());
    }

    private void show(Lesson lesson) {
        if (lesson == null) {
            Label empty = new Label("Pick a lesson in the course on the left.");
            empty.getStyleClass().add(Styles.EMPTY_STATE);
            VBox box = new VBox(empty);
            box.setPadding(new Insets(24));
            scroll.setContent(box);
            return;
        }
        scroll.setContent(renderer.render(lesson.markdown(), vm.baseDir(), vm.courseRoot()));
        scroll.setVvalue(0);
    }
}
