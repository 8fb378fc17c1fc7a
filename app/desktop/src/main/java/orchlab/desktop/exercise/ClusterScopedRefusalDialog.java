package orchlab.desktop.exercise;

import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import orchlab.engine.exercise.PackReach.ClusterObject;

/**
 * What Apply says when the learner's own file holds a cluster-wide object (a ClusterRole, StorageClass,
 * PersistentVolume...): the lab applies a learner's files into the exercise's namespace only, so it lists each such
 * object with its file and line and says what to do. Unlike {@link ClusterScopedConsentDialog} (the pack's setup, which
 * the learner may allow) there is nothing to agree to: the rest of the file was applied, these objects were not.
 */
public final class ClusterScopedRefusalDialog implements BiConsumer<String, List<ClusterObject>> {
    /** Style class of each listed object, for tests and the theme. */
    public static final String OBJECT = "refused-cluster-object";

    private final Window owner;

    /** @param owner the window the dialog belongs to, or {@code null} */
    public ClusterScopedRefusalDialog(Window owner) {
        this.owner = owner;
    }

    /** Shows the dialog (on the FX thread) for {@code objects} refused in the exercise's {@code namespace}. */
    @Override
    public void accept(String namespace, List<ClusterObject> objects) {
        Alert alert = build(namespace, objects);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.show();
    }

    /** The dialog, not shown yet. */
    static Alert build(String namespace, List<ClusterObject> objects) {
        Alert alert = new Alert(Alert.AlertType.WARNING, "", ButtonType.OK);
        alert.setTitle("Not applied: objects for the whole cluster");
        alert.setHeaderText(objects.size() == 1 ? "Your file has an object that belongs to the whole cluster; it was not applied"
                : "Your file has " + objects.size() + " objects that belong to the whole cluster; they were not applied");
        VBox body = new VBox(6);
        objects.forEach(object -> body.getChildren().add(ClusterScopedConsentDialog.objectLine(object, OBJECT)));
        body.getChildren().add(ClusterScopedConsentDialog.wrapped("Apply puts your files into this exercise's namespace " + namespace + " only, where Reset"
                + " cleans up after you. A cluster-wide object would change the cluster for everyone and stay after Reset,"
                + " so the lab does not create it from your files. The other objects in the file were applied."));
        body.getChildren().add(ClusterScopedConsentDialog.wrapped("What to do: remove " + (objects.size() == 1 ? "it" : "them") + " from your file. If the"
                + " exercise needs a cluster-wide object, its setup creates it (the lab asks you first)."));
        alert.getDialogPane().setContent(body);
        alert.getDialogPane().setPrefWidth(560);
        return alert;
    }
}
