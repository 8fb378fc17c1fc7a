package orchlab.desktop;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import orchlab.desktop.cluster.ClusterView;
import orchlab.desktop.cluster.ClusterViewModel;
import orchlab.desktop.editor.CodeEditor;
import orchlab.desktop.editor.DiffView;
import orchlab.desktop.editor.EditorProblems;
import orchlab.desktop.editor.Stylers;
import orchlab.desktop.exercise.ExerciseView;
import orchlab.desktop.exercise.ExerciseViewModel;
import orchlab.desktop.exercise.FileEditor;
import orchlab.desktop.lesson.MarkdownActions;
import orchlab.desktop.lesson.MarkdownRenderer;
import orchlab.desktop.lesson.MarkdownView;
import orchlab.desktop.terminal.TerminalSpec;
import orchlab.desktop.terminal.TerminalView;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.lint.ExerciseLinter;
import orchlab.engine.lint.WorkspaceLinter;
import orchlab.engine.live.NamespaceWatch;
import orchlab.engine.sandbox.Sandbox;

/** The window's heavy parts as the app uses them: RichTextFX editor, Markdown view, JediTermFX terminal, live cluster view. */
final class DesktopParts {
    private DesktopParts() {
    }

    /**
     * @param terminalCommands receives "Run in terminal" from lessons (the window selects the terminal tab first)
     */
    static Parts create(AppContext app, HostServices host, Consumer<Path> openLesson, Consumer<String> terminalCommands) {
        LazyLinter linter = new LazyLinter();
        EditorProblems fileProblems = new EditorProblems();
        FileEditor.Factory editors = new FileEditor.Factory() {
            @Override
            public FileEditor create(String fileName) {
                return create(fileName, new FileEditor.Scope(null, Optional.empty()));
            }

            @Override
            public FileEditor create(String fileName, FileEditor.Scope scope) {
                CodeEditor editor = new CodeEditor(fileName, app.background(), text -> linter.get()
                        .lint(scope.workspace(), fileName, text, scope.namespace(), app.sandboxes().currentCluster()));
                editor.lintProperty().addListener((o, was, marks) -> fileProblems.set(fileName, marks));
                return new CodeEditorAdapter(editor, () -> fileProblems.clear(fileName));
            }
        };
        MarkdownActions actions = new MarkdownActions() {
            @Override
            public void runInTerminal(String commands) {
                terminalCommands.accept(commands);
            }

            @Override
            public void openExternal(URI uri) {
                if (host != null) {
                    host.showDocument(uri.toString());
                }
            }

            @Override
            public void openLesson(Path lessonFile) {
                openLesson.accept(lessonFile);
            }
        };
        MarkdownRenderer markdown = (text, baseDir, courseRoot) -> {
            MarkdownView view = new MarkdownView(actions, (language, code) -> Stylers.forLanguage(language).style(code));
            view.show(text, baseDir, courseRoot);
            return view;
        };
        ExerciseView.DiffDialogs diffs = DesktopParts::confirmReplace;
        Terminal terminal = StartupProbe.span("terminal-view", () -> new Terminal(app));
        Cluster cluster = StartupProbe.span("cluster-view", () -> new Cluster(app));
        return new Parts(editors, markdown, diffs, terminal, cluster, fileProblems.problems());
    }

    private static boolean confirmReplace(ExerciseViewModel.SolutionFile file, Node owner) {
        Dialog<ButtonType> dialog = solutionDialog(file, owner);
        return ExerciseView.confirmWith(dialog, (ButtonType) dialog.getDialogPane().getProperties().get(REPLACE));
    }

    static final String REPLACE = "orchlab.solution.replace";

    /**
     * The Solution dialog: the learner's file against the reference solution, 860×620 or as much of the owner's
     * screen as there is. It opened 600 px wide (AtlantaFX caps dialog panes at 600 px), cutting the diff's summary.
     */
    static Dialog<ButtonType> solutionDialog(ExerciseViewModel.SolutionFile file, Node owner) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Solution for " + file.file());
        dialog.setHeaderText("Your " + file.file() + " compared with the reference solution");
        DiffView diff = new DiffView("your " + file.file(), "solution", file.learner(), file.solution());
        dialog.getDialogPane().setContent(diff);
        ButtonType replace = new ButtonType("Replace my file with the solution", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep my file", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().setAll(keep, replace);
        dialog.getDialogPane().getProperties().put(REPLACE, replace);
        dialog.setResizable(true);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        if (owner != null && owner.getScene() != null) {
            javafx.stage.Window window = owner.getScene().getWindow();
            dialog.initOwner(window);
            var screens = javafx.stage.Screen.getScreensForRectangle(window.getX(), window.getY(), window.getWidth(), window.getHeight());
            if (!screens.isEmpty()) {
                screen = screens.get(0).getVisualBounds();
            }
        }
        dialog.getDialogPane().setPrefSize(Math.min(860, screen.getWidth() - 40), Math.min(620, screen.getHeight() - 60));
        // AtlantaFX's stylesheet caps every .dialog-pane at 600 px (-fx-max-width); only an inline style wins over it
        dialog.getDialogPane().setStyle("-fx-max-width: " + (int) Math.ceil(screen.getWidth()) + "px;");
        return dialog;
    }

    /** Building the linter reads fabric8's whole model: done once, on the first lint, on a background thread. */
    private static final class LazyLinter {
        private ExerciseLinter linter;

        synchronized ExerciseLinter get() {
            if (linter == null) {
                linter = new ExerciseLinter(new WorkspaceLinter());
            }
            return linter;
        }
    }

    /** The code editor behind the exercise tabs. */
    private record CodeEditorAdapter(CodeEditor editor, Runnable onDispose) implements FileEditor {
        @Override
        public Node node() {
            return editor;
        }

        @Override
        public String getText() {
            return editor.getText();
        }

        @Override
        public void setText(String text) {
            if (editor.getText().isEmpty()) {
                editor.setText(text);
            } else {
                editor.replaceText(text);
            }
        }

        @Override
        public ObservableValue<String> textProperty() {
            return editor.textProperty();
        }

        @Override
        public void reload(String text) {
            editor.reloadText(text);
        }

        @Override
        public void showLine(int line) {
            editor.showLine(line);
        }

        @Override
        public void relint() {
            editor.relint();
        }

        @Override
        public void dispose() {
            editor.dispose();
            onDispose.run();
        }
    }

    /** The terminal: the learner's shell with the sandbox's KUBECONFIG (namespaced copy) and DOCKER_HOST. */
    private static final class Terminal implements Parts.TerminalPane {
        private final TerminalView view;
        private boolean started;
        private Path shellDir;
        private Map<String, String> shellEnv = Map.of();

        Terminal(AppContext app) {
            this.view = new TerminalView(TerminalSpec.userShell(app.builtInCourse(), Map.of()));
            view.setDark(app.settings().dark());
        }

        @Override
        public void setDark(boolean dark) {
            view.setDark(dark);
        }

        @Override
        public Node node() {
            return view;
        }

        @Override
        public void runCommand(String commandLine) {
            if (!started) {
                view.start();
                started = true;
            }
            view.runCommand(commandLine);
        }

        @Override
        public void restart(Path workDir, Map<String, String> env) {
            // the window asks again when the exercise's sandbox is ready: the same shell stays if nothing changed
            if (started && view.isRunning() && workDir.equals(shellDir) && env.equals(shellEnv)) {
                return;
            }
            shellDir = workDir;
            shellEnv = Map.copyOf(env);
            view.restart(TerminalSpec.userShell(workDir, env));
            started = true;
        }

        @Override
        public void close() {
            view.close();
        }
    }

    /** The live cluster view of the exercise's namespace, following the open Kubernetes sandbox. */
    private static final class Cluster implements Parts.ClusterPane {
        private final AppContext app;
        private final ClusterViewModel vm;
        private final StackPane node = new StackPane();
        private Sandbox watched;

        Cluster(AppContext app) {
            this.app = app;
            this.vm = new ClusterViewModel(app.fx(), app.background(), (ns, listener) -> {
                Optional<Sandbox> sandbox = app.sandboxes().currentCluster();
                return sandbox.flatMap(s -> NamespaceWatch.open(s, ns, listener));
            }, ns -> ClusterViewModel.helmList(app.sandboxes().currentCluster(), ns));
            // the view (a tree table, an events table, YAML and log areas: ~40-50 ms of the FX thread on a cold start)
            // is made when the Cluster tab's content first enters the window — when the tab is first selected or an
            // exercise opens (MainWindow) — not while the window is built; it shows the model's state as it is then
            node.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                        javafx.scene.Scene was, javafx.scene.Scene scene) {
                    if (scene != null) {
                        o.removeListener(this);
                        BorderPane view = new ClusterView(vm);
                        node.getChildren().add(view);
                    }
                }
            });
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public void watch(String namespace) {
            Optional<Sandbox> sandbox = app.sandboxes().currentCluster();
            // asked again when the exercise's sandbox is ready: keep the watch when it is the same cluster and namespace
            if (sandbox.isPresent() && sandbox.get() == watched && namespace.equals(vm.namespaceProperty().get())) {
                return;
            }
            watched = sandbox.orElse(null);
            vm.simulatedProperty().set(sandbox.map(Sandbox::simulated).orElse(false));
            vm.watch(namespace);
        }

        @Override
        public void unwatch(String why) {
            watched = null;
            vm.unwatch(why);
        }

        @Override
        public void close() {
            vm.close();
        }
    }

}
