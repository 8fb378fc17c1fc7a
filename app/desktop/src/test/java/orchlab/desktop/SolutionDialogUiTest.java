package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import orchlab.desktop.editor.EditorStyles;
import orchlab.desktop.exercise.ExerciseViewModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Solution dialog opens wide enough to read its diff's summary ("3 lines only in your …"). */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@ExtendWith(ApplicationExtension.class)
class SolutionDialogUiTest {
    private StackPane root;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        root = new StackPane();
        Scene scene = new Scene(root, 1024, 700);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theSolutionDialogShowsTheWholeSummaryOfTheDiff() throws Exception {
        ExerciseViewModel.SolutionFile file = new ExerciseViewModel.SolutionFile("deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replica: 2\n  selector: {}\n",
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: my-app\n");
        Dialog<ButtonType> dialog = onFx(() -> {
            Dialog<ButtonType> d = DesktopParts.solutionDialog(file, root);
            d.show();
            return d;
        });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            Label summary = onFx(() -> (Label) dialog.getDialogPane().lookup("." + EditorStyles.DIFF_SUMMARY));
            assertThat(onFx(summary::getText)).contains("lines only in your deployment.yaml").contains("only in solution");
            assertThat(onFx(dialog::getWidth)).as("the dialog's width").isGreaterThanOrEqualTo(860);
            assertThat(onFx(() -> summary.getWidth() + 0.5)).as("the summary is drawn whole")
                    .isGreaterThanOrEqualTo(onFx(() -> summary.prefWidth(-1)));
        } finally {
            onFx(() -> {
                dialog.setResult(ButtonType.CANCEL);
                dialog.close();
                return null;
            });
        }
    }
}
