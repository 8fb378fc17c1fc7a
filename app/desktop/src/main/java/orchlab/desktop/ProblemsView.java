package orchlab.desktop;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import orchlab.engine.course.Problem;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Every problem of the open course or pack, with file:line:column and what to do; the app keeps working. */
public final class ProblemsView extends BorderPane {

    public ProblemsView(MainViewModel vm) {
        getStyleClass().add(Styles.PROBLEMS);
        Label header = new Label();
        header.getStyleClass().add(Styles.PANE_HEADER);
        ListView<Problem> list = new ListView<>(vm.problems());
        list.setId("problems-list");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(p.format());
                setWrapText(true);
                setGraphic(new FontIcon(p.isError() ? Feather.X_OCTAGON : Feather.ALERT_TRIANGLE));
            }
        });
        Runnable update = () -> header.setText(vm.problems().isEmpty() ? "No problems in the open course."
                : vm.problems().size() + " problem(s) in " + vm.problemsSourceProperty().get()
                + " — the parts that loaded can be used; fix the files and open the pack again.");
        vm.problems().addListener((ListChangeListener<Problem>) c -> update.run());
        vm.problemsSourceProperty().addListener((o, a, b) -> update.run());
        update.run();
        setTop(header);
        setCenter(list);
    }
}
