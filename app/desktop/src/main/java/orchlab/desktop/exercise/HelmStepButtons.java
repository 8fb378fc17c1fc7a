package orchlab.desktop.exercise;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import orchlab.engine.exercise.ExerciseDriver.Step;
import orchlab.engine.exercise.ExerciseDriver.StepChoice;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The steps a Helm exercise offers beside Install/Upgrade: <b>Lint</b> ({@code helm lint} of the chart, its findings
 * with chart file and line in Output) and <b>Rollback</b>, a menu of the release's earlier revisions read from
 * Helm's history when it opens. Shown only for exercises whose driver offers {@link Step#LINT} / {@link Step#ROLLBACK}.
 */
final class HelmStepButtons extends HBox {

    /** The menu's single item while there is no earlier revision. */
    static final String NOTHING_TO_ROLL_BACK = "No earlier revision to roll back to";

    private final ExerciseViewModel vm;
    private final Button lint = new Button("Lint", new FontIcon(Feather.SEARCH));
    private final MenuButton rollback = new MenuButton("Rollback", new FontIcon(Feather.SKIP_BACK));

    HelmStepButtons(ExerciseViewModel vm, Runnable saveAll) {
        super(6);
        this.vm = vm;
        lint.setId("step-lint");
        rollback.setId("step-rollback");
        lint.setTooltip(new Tooltip("Save the chart and run helm lint on it: its findings, with file and line, in Output"));
        rollback.setTooltip(new Tooltip("Roll the release back to an earlier revision (helm rollback)"));
        lint.setOnAction(e -> {
            saveAll.run();
            vm.applyStep(Step.LINT);
        });
        rollback.setOnShowing(e -> loadRevisions());
        BooleanBinding idle = vm.busyProperty().or(vm.checkingProperty()).or(vm.exerciseProperty().isNull());
        lint.disableProperty().bind(idle);
        rollback.disableProperty().bind(idle);
        bind(lint, Step.LINT);
        bind(rollback, Step.ROLLBACK);
        lint.setMinWidth(Region.USE_PREF_SIZE);
        rollback.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(lint, rollback);
        visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.steps().contains(Step.LINT) || vm.steps().contains(Step.ROLLBACK), vm.steps()));
        managedProperty().bind(visibleProperty());
    }

    /** In a narrow toolbar Lint and Rollback show only their icons (their tooltips say what they do). */
    void compact(boolean compact) {
        javafx.scene.control.ContentDisplay display = compact
                ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY : javafx.scene.control.ContentDisplay.LEFT;
        lint.setContentDisplay(display);
        rollback.setContentDisplay(display);
    }

    private void bind(javafx.scene.control.Control control, Step step) {
        control.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.steps().contains(step), vm.steps()));
        control.managedProperty().bind(control.visibleProperty());
    }

    /** Fills the menu with the revisions Helm has, newest first (or says there is none). */
    private void loadRevisions() {
        MenuItem loading = new MenuItem("Reading the release history…");
        loading.setDisable(true);
        rollback.getItems().setAll(loading);
        vm.choices(Step.ROLLBACK).whenComplete((choices, error) -> javafx.application.Platform.runLater(
                () -> rollback.getItems().setAll(items(choices, error))));
    }

    private List<MenuItem> items(List<StepChoice> choices, Throwable error) {
        if (error != null) {
            MenuItem failed = new MenuItem("Cannot read the history: " + (error.getCause() != null ? error.getCause() : error).getMessage());
            failed.setDisable(true);
            return List.of(failed);
        }
        if (choices.isEmpty()) {
            MenuItem none = new MenuItem(NOTHING_TO_ROLL_BACK);
            none.setDisable(true);
            return List.of(none);
        }
        return choices.stream().map(choice -> {
            MenuItem item = new MenuItem(choice.label());
            item.setOnAction(e -> vm.applyStep(Step.ROLLBACK, choice.value()));
            return item;
        }).toList();
    }
}
