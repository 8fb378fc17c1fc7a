package orchlab.desktop.status;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import orchlab.desktop.Styles;
import orchlab.desktop.sandbox.SandboxStatus;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Sandbox type and health at the bottom of the window — "Simulated cluster — containers do not really
 * run", k3s, a kubeconfig context, Docker — with Start / Stop / Settings, and a progress bar with
 * Cancel while something long runs.
 */
public final class StatusBarView extends HBox {
    private final Label kubeDot = dot();
    private final Label kube = new Label();
    private final Label kubeWhy = new Label();
    private final Label dockerDot = dot();
    private final Label docker = new Label();

    public StatusBarView(StatusBarViewModel vm, Runnable openSettings) {
        getStyleClass().add(Styles.STATUS_BAR);
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(4, 10, 4, 10));
        kube.setId("sandbox-status");
        kubeWhy.setId("sandbox-explanation");
        kubeWhy.getStyleClass().add(Styles.MUTED);
        kubeWhy.setMinWidth(0);
        HBox.setHgrow(kubeWhy, Priority.SOMETIMES);
        docker.setId("docker-status");
        kube.setMinWidth(Region.USE_PREF_SIZE);
        docker.setMinWidth(Region.USE_PREF_SIZE);
        kubeDot.setMinWidth(Region.USE_PREF_SIZE);
        dockerDot.setMinWidth(Region.USE_PREF_SIZE);

        MenuItem start = new MenuItem("Start / restart cluster", new FontIcon(Feather.PLAY));
        start.setOnAction(e -> vm.startKubernetes());
        MenuItem stop = new MenuItem("Stop cluster", new FontIcon(Feather.SQUARE));
        stop.setOnAction(e -> vm.stopKubernetes());
        MenuItem connectDocker = new MenuItem("Connect to Docker", new FontIcon(Feather.BOX));
        connectDocker.setOnAction(e -> vm.connectDocker());
        MenuItem settings = new MenuItem("Switch sandbox…", new FontIcon(Feather.SETTINGS));
        settings.setOnAction(e -> openSettings.run());
        MenuButton sandbox = new MenuButton("Sandbox", new FontIcon(Feather.SERVER), start, stop, connectDocker, settings);
        sandbox.getStyleClass().add(atlantafx.base.theme.Styles.FLAT);
        sandbox.setId("sandbox-menu");
        sandbox.setMinWidth(Region.USE_PREF_SIZE);

        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(140);
        bar.progressProperty().bind(vm.progressProperty());
        Label task = new Label();
        task.textProperty().bind(vm.progressTextProperty());
        task.getStyleClass().add(Styles.MUTED);
        Button cancel = new Button(null, new FontIcon(Feather.X));
        cancel.getStyleClass().addAll(atlantafx.base.theme.Styles.FLAT, atlantafx.base.theme.Styles.BUTTON_ICON);
        cancel.setTooltip(new Tooltip("Cancel"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.cancellableProperty());
        cancel.managedProperty().bind(vm.cancellableProperty());
        bar.visibleProperty().bind(vm.workingProperty());
        bar.managedProperty().bind(vm.workingProperty());

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        getChildren().addAll(sandbox, kubeDot, kube, kubeWhy, grow, task, bar, cancel, dockerDot, docker);

        vm.kubernetesProperty().addListener((o, a, s) -> showKube(s));
        vm.dockerProperty().addListener((o, a, s) -> showDocker(s));
        showKube(vm.kubernetesProperty().get());
        showDocker(vm.dockerProperty().get());
    }

    private void showKube(SandboxStatus s) {
        kube.setText(s.headline());
        kubeWhy.setText(s.explanation());
        Tooltip tip = new Tooltip(s.headline() + (s.explanation().isEmpty() ? "" : "\n" + s.explanation()));
        tip.setWrapText(true);
        tip.setMaxWidth(480);
        kube.setTooltip(tip);
        kubeWhy.setTooltip(tip);
        paint(kubeDot, s);
        kube.getStyleClass().remove(Styles.SIMULATED);
        if (s.simulated()) {
            kube.getStyleClass().add(Styles.SIMULATED);
        }
    }

    private void showDocker(SandboxStatus s) {
        docker.setText(s.headline());
        Tooltip tip = new Tooltip(s.explanation().isEmpty() ? s.headline() : s.explanation());
        tip.setWrapText(true);
        tip.setMaxWidth(480);
        docker.setTooltip(tip);
        paint(dockerDot, s);
    }

    private static void paint(Label dot, SandboxStatus s) {
        dot.getStyleClass().removeAll(Styles.STATUS_OK, Styles.STATUS_WARN, Styles.STATUS_DOWN, Styles.STATUS_OFF);
        dot.getStyleClass().add(switch (s.state()) {
            case RUNNING -> s.simulated() ? Styles.STATUS_WARN : Styles.STATUS_OK;
            case STARTING -> Styles.STATUS_WARN;
            case DOWN, UNAVAILABLE -> Styles.STATUS_DOWN;
            case STOPPED -> Styles.STATUS_OFF;
        });
    }

    private static Label dot() {
        Label dot = new Label("●");
        dot.getStyleClass().add(Styles.STATUS_DOT);
        return dot;
    }
}
