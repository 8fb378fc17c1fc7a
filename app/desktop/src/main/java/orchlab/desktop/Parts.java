package orchlab.desktop;

import java.nio.file.Path;
import java.util.Map;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import orchlab.desktop.exercise.ExerciseView;
import orchlab.desktop.exercise.FileEditor;
import orchlab.desktop.lesson.MarkdownRenderer;
import orchlab.engine.course.Problem;

/**
 * The heavy components of the window, made by the composition root: the code editor, the Markdown
 * renderer, the terminal and the cluster view, and what the open editors underline ({@code fileProblems}, for the
 * Problems list). Tests can pass lighter ones.
 */
public record Parts(FileEditor.Factory editors, MarkdownRenderer markdown, ExerciseView.DiffDialogs diffs,
                    TerminalPane terminal, ClusterPane cluster, ObservableList<Problem> fileProblems) {

    /** The built-in terminal. */
    public interface TerminalPane {
        Node node();

        /** Types a command line and Enter (a lesson's "Run in terminal"). */
        void runCommand(String commandLine);

        /** A new shell for another exercise or sandbox: its folder and environment (KUBECONFIG, DOCKER_HOST). */
        void restart(Path workDir, Map<String, String> env);

        /** Follows the app's theme (View ▸ Dark theme, Settings). */
        default void setDark(boolean dark) {
        }

        void close();
    }

    /** The live view of the exercise's namespace. */
    public interface ClusterPane {
        Node node();

        /** Watches a namespace of the open Kubernetes sandbox; nothing when there is none. */
        void watch(String namespace);

        /** Shows no namespace (the open exercise has none), saying why; what the last one showed is cleared. */
        void unwatch(String why);

        void close();
    }
}
