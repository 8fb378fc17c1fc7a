package orchlab.desktop.settings;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import orchlab.desktop.Styles;

/**
 * Settings: which Kubernetes sandbox (auto, k3s, the simulated cluster, or a cluster of the learner's
 * own kubeconfig and a context they pick), the Docker endpoint, the theme.
 */
public final class SettingsDialog extends Dialog<Settings> {

    public SettingsDialog(Settings current, Window owner) {
        setTitle("Settings");
        setHeaderText("Sandbox and appearance");
        if (owner != null) {
            initOwner(owner);
        }
        ComboBox<String> sandbox = new ComboBox<>(FXCollections.observableArrayList("auto", "k3s", "sim", "kubeconfig"));
        sandbox.setValue(current.sandbox());
        sandbox.setId("settings-sandbox");
        Label sandboxHelp = new Label();
        sandboxHelp.getStyleClass().add(Styles.MUTED);
        sandboxHelp.setWrapText(true);
        sandboxHelp.setMaxWidth(420);
        TextField kubeconfig = new TextField(current.kubeconfigFile().orElse(KubeContexts.defaultFile().toString()));
        HBox.setHgrow(kubeconfig, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        ComboBox<String> context = new ComboBox<>();
        context.setEditable(true);
        context.setValue(current.kubeContext().orElse(""));
        Label contextHelp = new Label();
        contextHelp.getStyleClass().add(Styles.MUTED);
        contextHelp.setWrapText(true);
        contextHelp.setMaxWidth(420);
        TextField docker = new TextField(current.docker().orElse(""));
        docker.setPromptText("like the Docker CLI: $DOCKER_HOST or the local socket");
        ComboBox<String> theme = new ComboBox<>(FXCollections.observableArrayList("light", "dark"));
        theme.setValue(current.theme());

        Runnable loadContexts = () -> {
            try {
                KubeContexts.Contexts contexts = KubeContexts.read(Path.of(kubeconfig.getText().trim()));
                context.getItems().setAll(contexts.names());
                if (context.getValue() == null || context.getValue().isBlank()) {
                    contexts.current().ifPresent(context::setValue);
                }
                contextHelp.setText(contexts.names().size() + " context(s) in this file. The lab only reads it, and works in its own labelled namespaces.");
            } catch (IOException | RuntimeException e) {
                context.getItems().clear();
                contextHelp.setText("Cannot read " + kubeconfig.getText() + ": " + e.getMessage());
            }
        };
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Choose a kubeconfig");
            File chosen = chooser.showOpenDialog(getDialogPane().getScene().getWindow());
            if (chosen != null) {
                kubeconfig.setText(chosen.getAbsolutePath());
                loadContexts.run();
            }
        });
        Runnable updateHelp = () -> {
            boolean own = "kubeconfig".equals(sandbox.getValue());
            kubeconfig.setDisable(!own);
            browse.setDisable(!own);
            context.setDisable(!own);
            sandboxHelp.setText(switch (sandbox.getValue()) {
                case "k3s" -> "A real k3s cluster in Docker. Needs Docker and the rancher/k3s image.";
                case "sim" -> "The simulated cluster: starts in a second, needs nothing installed; containers do not really run.";
                case "kubeconfig" -> "A cluster you already have (kind, minikube, a classroom cluster): pick the file and the context.";
                default -> "k3s when Docker and the k3s image are there, otherwise the simulated cluster.";
            });
            if (own) {
                loadContexts.run();
            }
        };
        sandbox.valueProperty().addListener((o, a, b) -> updateHelp.run());
        updateHelp.run();

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Kubernetes sandbox"), sandbox);
        grid.add(sandboxHelp, 1, 1);
        grid.addRow(2, new Label("Kubeconfig"), new HBox(6, kubeconfig, browse));
        grid.addRow(3, new Label("Context"), context);
        grid.add(contextHelp, 1, 4);
        grid.addRow(5, new Label("Docker host"), docker);
        grid.addRow(6, new Label("Theme"), theme);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        setResultConverter(button -> {
            if (button != ButtonType.OK) {
                return null;
            }
            boolean own = "kubeconfig".equals(sandbox.getValue());
            return current.withSandbox(sandbox.getValue(), own ? kubeconfig.getText().trim() : current.kubeconfig(),
                            own ? Optional.ofNullable(context.getValue()).orElse("").trim() : current.context())
                    .withDockerHost(docker.getText().trim())
                    .withTheme(theme.getValue());
        });
    }
}
