package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import orchlab.desktop.editor.CodeEditor;
import orchlab.desktop.exercise.FileEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The exercise's file tabs say when an editor holds text not yet in its file, and a file changed on disk (vim in the
 * terminal) comes into the editor as one step the learner can undo. Each check runs inside one FX task, so the
 * editor's autosave (a timer on the FX thread) cannot save in between.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorTabsUiTest {
    private static final String FILE = "deployment.yaml";
    private LabSession lab;

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home);
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    @BeforeEach
    void deploymentsOpenAndSaved() throws Exception {
        lab.openExerciseById("k8s-deployment");
        onFx(() -> {
            lab.window.exerciseView().saveAll();
            return null;
        });
    }

    @Test
    void aFilesTabShowsADotWhileItsEditorHoldsUnsavedTextAndNotOnceSaved() throws Exception {
        boolean[] shown = onFx(() -> {
            FileEditor editor = editor();
            boolean before = lab.window.exerciseView().showsUnsaved(FILE);
            editor.setText(editor.getText() + "# more\n");
            boolean typed = lab.window.exerciseView().showsUnsaved(FILE);
            lab.window.exerciseView().saveAll();
            boolean saved = lab.window.exerciseView().showsUnsaved(FILE);
            return new boolean[] {before, typed, saved};
        });

        assertThat(shown[0]).as("a file just opened").isFalse();
        assertThat(shown[1]).as("after typing").isTrue();
        assertThat(shown[2]).as("after Ctrl+S").isFalse();
    }

    @Test
    void applyingSavesTheFileAndTheDotGoes() throws Exception {
        boolean[] shown = onFx(() -> {
            FileEditor editor = editor();
            editor.setText(Manifests.deployment(3));
            boolean typed = lab.window.exerciseView().showsUnsaved(FILE);
            LabSession.button(new org.testfx.api.FxRobot(), "Apply").fire();
            return new boolean[] {typed, lab.window.exerciseView().showsUnsaved(FILE)};
        });
        lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get());

        assertThat(shown[0]).isTrue();
        assertThat(shown[1]).as("after Apply").isFalse();
        assertThat(Files.readString(lab.vm.exercise().workspace().resolve(FILE))).isEqualTo(Manifests.deployment(3));
    }

    @Test
    void aFileChangedOnDiskComesInAsOneUndoStepAndTheEditorStaysClean() throws Exception {
        Path file = lab.vm.exercise().workspace().resolve(FILE);
        String mine = onFx(() -> editor().getText());
        String theirs = mine + "# added in vim\n";
        Files.writeString(file, theirs);

        Object[] after = onFx(() -> {
            lab.window.exerciseView().refreshFromDisk();
            CodeEditor code = (CodeEditor) editor().node();
            Object[] reloaded = {code.getText(), code.isDirty(), lab.window.exerciseView().showsUnsaved(FILE)};
            Node area = code.lookup(".code-area");
            area.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.Z, false, true, false, false));
            return new Object[] {reloaded[0], reloaded[1], reloaded[2], code.getText(), code.isDirty(),
                lab.window.exerciseView().showsUnsaved(FILE)};
        });

        assertThat(after[0]).as("the editor shows the file").isEqualTo(theirs);
        assertThat(after[1]).as("dirty after the reload").isEqualTo(false);
        assertThat(after[2]).as("the dot after the reload").isEqualTo(false);
        assertThat(after[3]).as("Ctrl+Z takes back the reload").isEqualTo(mine);
        assertThat(after[4]).as("dirty after undoing the reload").isEqualTo(true);
        assertThat(after[5]).as("the dot after undoing the reload").isEqualTo(true);
        onFx(() -> {
            lab.window.exerciseView().saveAll();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Files.readString(file)).as("the undone text is saved again").isEqualTo(mine);
    }

    private FileEditor editor() {
        return lab.window.exerciseView().editor(FILE).orElseThrow();
    }
}
