package orchlab.desktop;

import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import orchlab.engine.course.Problem;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * What the exercise panel shows for an exercise that did not load: that it could not be loaded, every problem found in
 * its files (whole messages, wrapped; a double-click opens the file at the line), and a button to open the course
 * again once they are fixed.
 */
public final class BrokenExerciseView extends VBox {
    private final Label title = new Label();
    private final Label explanation = new Label();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();

    public BrokenExerciseView(Consumer<Problem> openFile, Runnable reopenCourse) {
        getStyleClass().addAll(Styles.EXERCISE, Styles.BROKEN_EXERCISE);
        setId("broken-exercise");
        FontIcon warning = new FontIcon(Feather.ALERT_TRIANGLE);
        warning.getStyleClass().add(Styles.WARNING_ICON);
        title.getStyleClass().add(Styles.PANE_TITLE);
        title.setWrapText(true);
        title.setGraphic(warning);
        explanation.setWrapText(true);
        // the whole sentence, wrapped, in a narrow panel too (never cut to "...")
        for (Label label : new Label[] {title, explanation}) {
            label.setMaxWidth(Double.MAX_VALUE);
            label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        explanation.setId("broken-exercise-explanation");
        ListView<Problem> list = ProblemsView.wrappingList(problems, openFile);
        list.setId("broken-exercise-problems");
        VBox.setVgrow(list, Priority.ALWAYS);
        Button reopen = new Button("Open the course again", new FontIcon(Feather.REFRESH_CW));
        reopen.setId("reopen-course");
        reopen.setOnAction(e -> reopenCourse.run());
        getChildren().addAll(title, explanation, list, new HBox(reopen));
    }

    /** Shows one broken exercise. */
    public void show(MainViewModel.BrokenExercise broken) {
        title.setText("The exercise \"" + broken.id() + "\" could not be loaded");
        explanation.setText(broken.problems().isEmpty()
                ? "Its lesson lists it, but the course has no exercise with this id. The Problems tab lists what the lab"
                        + " found in the course."
                : "Its lesson lists it, but its files have " + broken.problems().size() + " problem(s). Double-click one to"
                        + " open the file at its line, fix it, then open the course again.");
        problems.setAll(broken.problems());
    }
}
