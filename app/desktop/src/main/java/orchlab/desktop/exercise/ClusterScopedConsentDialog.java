package orchlab.desktop.exercise;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.PackReach.ClusterObject;

/**
 * The question {@link ClusterScopedConsent} asks: which cluster-wide objects the exercise's setup would create
 * (kind and name, and where the pack writes them), with "Create them" and "Don't apply". Closing the dialog is "Don't
 * apply".
 */
public final class ClusterScopedConsentDialog implements ClusterScopedConsent.Asker {
    public static final ButtonType CREATE = new ButtonType("Create them", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType DONT_APPLY = new ButtonType("Don't apply", ButtonBar.ButtonData.CANCEL_CLOSE);
    /** Style class of each listed object, for tests and the theme. */
    public static final String OBJECT = "cluster-object";

    private final Window owner;

    /** @param owner the window the dialog belongs to, or {@code null} */
    public ClusterScopedConsentDialog(Window owner) {
        this.owner = owner;
    }

    @Override
    public CompletableFuture<Boolean> ask(Exercise exercise, List<ClusterObject> objects) {
        return ask(exercise.title(), exercise.namespace(), objects);
    }

    CompletableFuture<Boolean> ask(String title, String namespace, List<ClusterObject> objects) {
        Alert alert = build(title, namespace, objects);
        if (owner != null) {
            alert.initOwner(owner);
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        alert.setOnHidden(e -> answer.complete(alert.getResult() == CREATE));
        alert.show();
        return answer;
    }

    /** The dialog, not shown yet. */
    static Alert build(String title, String namespace, List<ClusterObject> objects) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", CREATE, DONT_APPLY);
        alert.setTitle("Objects for the whole cluster");
        alert.setHeaderText("\"" + title + "\" wants to create " + (objects.size() == 1 ? "an object" : objects.size() + " objects")
                + " that belong to the whole cluster");
        VBox body = new VBox(6);
        body.getChildren().add(wrapped("Starting it creates these cluster-scoped objects, not only objects in its namespace "
                + namespace + ":"));
        objects.forEach(object -> body.getChildren().add(objectLine(object, OBJECT)));
        body.getChildren().add(wrapped("The lab records them and Reset removes exactly these again. It never changes one that"
                + " already exists. With \"Don't apply\", nothing of the setup is applied and the exercise's checks cannot pass"
                + " until you Reset it and agree."));
        alert.getDialogPane().setContent(body);
        alert.getDialogPane().setPrefWidth(560);
        return alert;
    }

    /** One listed object: kind, name and where it is written ({@code file:line}), with {@code styleClass}. */
    static Label objectLine(ClusterObject object, String styleClass) {
        Label line = new Label("•  " + object.kind() + " " + object.name() + "   ("
                + (object.at().line() > 0 ? object.at().file() + ":" + object.at().line() : object.at().file()) + ")");
        line.getStyleClass().add(styleClass);
        return line;
    }

    static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }
}
