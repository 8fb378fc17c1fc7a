package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import orchlab.desktop.exercise.Notice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Room to work: the editor keeps at least half of the exercise panel (and 15 lines) from 1024×768 to 1920×1080 with
 * the task, a hint and a long error banner above it; banners keep their height; the bottom panel maximises and
 * restores on a double-click of its tab.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabWindowLayoutUiTest {
    /** 15 lines of the editor's 13 px monospace font (17 px a line). */
    private static final double FIFTEEN_LINES = 15 * 17;

    private LabSession lab;
    /** No ApplicationExtension: it would hide the shared window after each test. */
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home);
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1024, 768", "1440, 900", "1920, 1080"})
    void theEditorGetsHalfOfTheExercisePanelWithTheTaskEveryHintAndABannerAbove(int width, int height) throws Exception {
        lab.size(width, height);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        showAHintAndALongBanner();

        LabSession.Layout layout = lab.measure("deployment.yaml");
        assertThat(layout.editor()).as(layout.toString()).isGreaterThanOrEqualTo(0.5 * layout.exercise());
        assertThat(layout.editor()).as(layout.toString()).isGreaterThanOrEqualTo(FIFTEEN_LINES);
    }

    @Test
    void draggingTheDividerUpNeverHidesTheEditor() throws Exception {
        lab.size(1024, 768);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        showAHintAndALongBanner();
        javafx.scene.control.SplitPane work = (javafx.scene.control.SplitPane) lab.window.exerciseView().getParent().getParent();
        onFx(() -> {
            work.setDividerPositions(0.05);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        // six lines of 17 px still show; the header above them scrolls
        assertThat(lab.measure("deployment.yaml").editor()).isGreaterThanOrEqualTo(6 * 17);
        onFx(() -> {
            work.setDividerPositions(MainWindow.DEFAULT_WORK_DIVIDER);
            return null;
        });
    }

    @Test
    void theExercisesTitleStaysInViewWhenEveryHintIsShownAndTheHeaderScrollsToTheNewest() throws Exception {
        lab.size(1024, 768);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        showAHintAndALongBanner();
        WaitForAsyncUtils.waitForFxEvents();

        javafx.scene.control.ScrollPane header = FxQuery.one(robot, "#exercise-header", javafx.scene.control.ScrollPane.class);
        Node title = FxQuery.one(robot, "#exercise-task");
        assertThat(onFx(header::getVvalue)).as("the header scrolled to the newest hint").isGreaterThan(0);
        javafx.geometry.Bounds titleBounds = onFx(() -> title.localToScene(title.getLayoutBounds()));
        javafx.geometry.Bounds headerBounds = onFx(() -> header.localToScene(header.getLayoutBounds()));
        javafx.geometry.Bounds panel = onFx(() -> lab.window.exerciseView().localToScene(lab.window.exerciseView().getLayoutBounds()));
        assertThat(((javafx.scene.control.Label) title).getText()).isEqualTo("Run three replicas with a Deployment");
        assertThat(titleBounds.getMinY()).as("the title is inside the exercise panel").isGreaterThanOrEqualTo(panel.getMinY());
        assertThat(titleBounds.getMaxY()).as("the title is above the scrolling header, not scrolled away with it")
                .isLessThanOrEqualTo(headerBounds.getMinY() + 1);
        // a hint is Markdown: its `spec.replicas` is shown as code, without the backticks
        Node hint = FxQuery.one(robot, "#hint-1");
        java.util.List<javafx.scene.text.Text> texts = onFx(() -> hint.lookupAll("Text").stream()
                .map(javafx.scene.text.Text.class::cast).toList());
        assertThat(texts).extracting(javafx.scene.text.Text::getText).noneMatch(t -> t.contains("`"));
        assertThat(texts).filteredOn(t -> t.getStyleClass().contains("md-code-inline"))
                .extracting(javafx.scene.text.Text::getText).contains("spec.replicas");
    }

    @Test
    void eachExerciseGetsBackItsOwnDividerAboveTheBottomPanelAndItIsSaved() throws Exception {
        lab.size(1024, 768);
        javafx.scene.control.SplitPane work = (javafx.scene.control.SplitPane) lab.window.exerciseView().getParent().getParent();
        lab.openExercise(robot, "Run three replicas with a Deployment");
        setDivider(work, 0.62);
        lab.openExerciseById("why-containers");
        setDivider(work, 0.85);

        lab.openExerciseById("k8s-deployment");
        double deployments = work.getDividerPositions()[0];
        lab.openExerciseById("why-containers");
        double quiz = work.getDividerPositions()[0];
        double saved = lab.app.settingsStore().load().settings().exerciseDividers().get("k8s-deployment");
        // the other tests of this class expect the first-time divider: both exercises get it back
        setDivider(work, MainWindow.DEFAULT_WORK_DIVIDER);
        lab.openExerciseById("k8s-deployment");
        setDivider(work, MainWindow.DEFAULT_WORK_DIVIDER);

        assertThat(deployments).isCloseTo(0.62, org.assertj.core.data.Offset.offset(0.01));
        assertThat(quiz).isCloseTo(0.85, org.assertj.core.data.Offset.offset(0.01));
        assertThat(saved).as("saved for the next start").isCloseTo(0.62, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void navigatorTitlesEndInAnEllipsisWithTheWholeTitleInATooltipAndTheColumnNeverScrollsSideways() throws Exception {
        lab.size(1024, 768);
        javafx.scene.control.TreeView<?> tree = FxQuery.one(robot, "#course-tree", javafx.scene.control.TreeView.class);
        java.util.List<javafx.scene.control.ScrollBar> sideways = FxQuery.allUnder(robot, tree, ".scroll-bar",
                javafx.scene.control.ScrollBar.class).stream().filter(b -> b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL).toList();
        @SuppressWarnings("rawtypes")
        java.util.List<javafx.scene.control.TreeCell> cells = FxQuery.all(robot, "#course-tree .tree-cell",
                javafx.scene.control.TreeCell.class, c -> c.getItem() != null);
        double treeWidth = onFx(tree::getWidth);
        // the title as drawn (LabeledText), cut to "…" where it does not fit
        java.util.List<String> cut = onFx(() -> cells.stream().filter(c -> FxQuery.allUnder(robot, c, ".text",
                javafx.scene.text.Text.class).stream().anyMatch(t -> t.getText().endsWith("…") || t.getText().endsWith("..."))).map(c -> c.getText()).toList());

        assertThat(onFx(() -> sideways.stream().filter(javafx.scene.Node::isVisible).count())).as("a sideways scroll bar in the navigator").isZero();
        assertThat(onFx(() -> cells.stream().mapToDouble(javafx.scene.layout.Region::getWidth).max().orElse(0)))
                .as("the widest row").isLessThanOrEqualTo(treeWidth);
        assertThat(cut).as("titles too long for the navigator at 1024x768").isNotEmpty();
        // hovering a cut title shows it whole in a tooltip
        for (String title : cut) {
            assertThat(LabSession.hoverNavigatorRow(robot, title)).as("the tooltip of a cut title").startsWith(title);
        }
    }

    private static void setDivider(javafx.scene.control.SplitPane work, double position) throws Exception {
        onFx(() -> {
            work.setDividerPositions(position);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aLongBannerKeepsItsWholeHeightAtTenTwentyFour() throws Exception {
        lab.size(1024, 768);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        showAHintAndALongBanner();

        Region notice = FxQuery.one(robot, "#exercise-notice", Region.class);
        double wanted = onFx(() -> notice.prefHeight(notice.getWidth()));
        assertThat(onFx(notice::getHeight)).isGreaterThanOrEqualTo(wanted - 0.5).isGreaterThan(60);
    }

    @Test
    void anApplyRefusedAfterACheckShowsWholeAndWrappedInTheBannerAboveTheTaskAtTenTwentyFour() throws Exception {
        lab.size(1024, 768);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        lab.vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.capped(java.time.Duration.ofSeconds(1)));
        try {
            setEditorText(Manifests.deployment(2));
            robot.clickOn(LabSession.button(robot, "Apply"));
            lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get() && lab.vm.exercise().noticeProperty().get() != null);
            robot.clickOn(LabSession.button(robot, "Check"));
            lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get() && !lab.vm.exercise().scoreProperty().get().isEmpty());
            // the starter's empty selector label: refused at its line, in words that wrap over several lines here
            setEditorText(Manifests.deployment(2).replace("app: my-app", "app: "));
            robot.clickOn(LabSession.button(robot, "Apply"));
            lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get() && lab.vm.exercise().noticeProperty().get() != null
                    && lab.vm.exercise().noticeProperty().get().level() == Notice.Level.ERROR);
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            lab.vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.DEFAULT);
        }

        Region banner = FxQuery.one(robot, "#exercise-notice", Region.class);
        javafx.scene.control.ScrollPane header = FxQuery.one(robot, "#exercise-header", javafx.scene.control.ScrollPane.class);
        javafx.scene.control.Label where = FxQuery.one(robot, ".label", javafx.scene.control.Label.class,
                l -> l.getText() != null && l.getText().startsWith("Kubernetes exercise"), "where the exercise runs");
        javafx.geometry.Bounds b = onFx(() -> banner.localToScene(banner.getLayoutBounds()));
        javafx.geometry.Bounds h = onFx(() -> header.localToScene(header.getLayoutBounds()));
        javafx.geometry.Bounds w = onFx(() -> where.localToScene(where.getLayoutBounds()));
        assertThat(lab.vm.exercise().noticeProperty().get().text()).startsWith("deployment.yaml:");
        assertThat(onFx(() -> banner.prefHeight(banner.getWidth()))).as("the message wraps over several lines").isGreaterThan(60);
        assertThat(onFx(banner::getHeight)).as("the banner's whole height").isGreaterThanOrEqualTo(onFx(() -> banner.prefHeight(banner.getWidth())) - 0.5);
        javafx.geometry.Bounds text = onFx(() -> {
            Node flow = textFlowUnder(banner);
            return flow.localToScene(flow.getLayoutBounds());
        });
        assertThat(text.getMaxY()).as("the message's last line inside the banner, not drawn below it").isLessThanOrEqualTo(b.getMaxY() + 0.5);
        assertThat(b.getMinY()).as("top of the banner inside the header's view").isGreaterThanOrEqualTo(h.getMinY() - 0.5);
        // the whole banner shows when the editor can spare the room (15 lines, half the panel); else the header scrolls
        assertThat(h.getMaxY() - text.getMinY()).as("the message's first lines (file, line, object) in view").isGreaterThanOrEqualTo(2 * 17);
        assertThat(w.getMinY()).as("the task starts below the banner, not over it").isGreaterThanOrEqualTo(b.getMaxY() - 0.5);
        assertThat(onFx(() -> FxQuery.one(robot, "#apply-output", javafx.scene.control.TextArea.class).isWrapText()))
                .as("Output wraps the same lines").isTrue();
    }

    @Test
    void doubleClickingABottomTabMaximisesThePanelAndAgainRestoresIt() throws Exception {
        lab.size(1440, 900);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        Node exercise = lab.window.exerciseView();
        double before = lab.measure("deployment.yaml").exercise();

        robot.doubleClickOn(LabSession.tabHeader(robot, "tab-output"));
        WaitForAsyncUtils.waitForFxEvents();
        Region bottom = FxQuery.one(robot, "#bottom-tabs", Region.class);
        assertThat(exercise.getScene()).as("the exercise panel makes way").isNull();
        assertThat(bottom.getHeight()).isGreaterThan(before);

        robot.doubleClickOn(LabSession.tabHeader(robot, "tab-output"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(exercise.getScene()).isNotNull();
        assertThat(lab.measure("deployment.yaml").exercise()).isCloseTo(before, org.assertj.core.data.Offset.offset(2.0));
    }

    /**
     * Help lists Ctrl+Shift+Enter as "Check the exercise": it checks wherever the learner is in the window — reading the
     * Checks tab maximised (the exercise panel out of the window), the lesson — but a key typed in the terminal is the
     * shell's.
     */
    @Test
    void ctrlShiftEnterChecksFromTheMaximisedChecksTabAndTheLessonButNotFromTheTerminal() throws Exception {
        lab.size(1440, 900);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        lab.vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.capped(java.time.Duration.ofSeconds(1)));
        try {
            robot.doubleClickOn(LabSession.tabHeader(robot, "tab-checks"));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(onFx(() -> lab.window.exerciseView().getScene())).as("the exercise panel made way").isNull();
            javafx.scene.control.TabPane bottom = FxQuery.one(robot, "#bottom-tabs", javafx.scene.control.TabPane.class);
            Node checks = onFx(() -> tabContent(bottom, "tab-checks"));
            Node terminal = onFx(() -> tabContent(bottom, "tab-terminal"));
            Node lesson = FxQuery.one(robot, ".lesson", Node.class);

            lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get());
            assertThat(onFx(() -> pressCheckKeys(terminal))).as("checking after the keys went to the terminal").isFalse();
            assertThat(onFx(() -> pressCheckKeys(checks))).as("checking after the keys in the Checks tab").isTrue();
            lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get());

            robot.doubleClickOn(LabSession.tabHeader(robot, "tab-checks"));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(onFx(() -> pressCheckKeys(lesson))).as("checking after the keys in the lesson").isTrue();
            lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get());
        } finally {
            lab.vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.DEFAULT);
        }
    }

    private static Node tabContent(javafx.scene.control.TabPane tabs, String id) {
        return tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow().getContent();
    }

    /** Ctrl+Shift+Enter pressed while {@code target} has the focus (the event goes to it and up the window), on the FX thread. */
    private boolean pressCheckKeys(Node target) {
        javafx.event.Event.fireEvent(target, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED,
                "", "", javafx.scene.input.KeyCode.ENTER, true, true, false, false));
        return lab.vm.exercise().checkingProperty().get();
    }

    @Test
    void aQuizQuestionsTextStartsRightUnderItsTitle() throws Exception {
        lab.size(1440, 900);
        lab.openExerciseById("why-containers");
        javafx.scene.layout.VBox question = onFx(() -> (javafx.scene.layout.VBox) robot.lookup(".quiz").lookup((Node n) -> n.getId() != null
                && n.getId().startsWith("question-")).query());
        java.util.concurrent.Callable<Double> gap = () -> onFx(() -> {
            Node title = question.getChildren().get(0);
            Node firstLine = robot.from(question.getChildren().get(1)).lookup(".md-paragraph").query();
            return firstLine.localToScene(firstLine.getLayoutBounds()).getMinY()
                    - title.localToScene(title.getLayoutBounds()).getMaxY();
        });
        assertThat(gap.call()).as("pixels between a question's title and its text at 1440x900").isLessThan(12);
        lab.size(1024, 768); // a narrow panel: compact Markdown keeps its small margins
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(gap.call()).as("pixels between a question's title and its text at 1024x768").isLessThan(12);
    }

    @Test
    void aQuizsTaskShowsWholeInItsHeaderAtTenTwentyFour() throws Exception {
        lab.size(1024, 768);
        lab.openExerciseById("why-containers");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ScrollPane header = FxQuery.one(robot, "#exercise-header", javafx.scene.control.ScrollPane.class);
        Node task = FxQuery.one(robot, "#exercise-task-text");
        double taskBottom = onFx(() -> header.sceneToLocal(task.localToScene(task.getLayoutBounds())).getMaxY());

        assertThat(onFx(() -> FxQuery.one(robot, ".quiz").isVisible())).as("the quiz's answers form").isTrue();
        assertThat(taskBottom).as("the task's last line is above the header's bottom edge (not cut)")
                .isLessThanOrEqualTo(onFx(() -> header.getLayoutBounds().getHeight()) + 0.5);
        assertThat(onFx(header::getVmax) == 0 || onFx(() -> header.getContent().getLayoutBounds().getHeight()
                <= header.getViewportBounds().getHeight() + 0.5)).as("nothing to scroll in the header").isTrue();
    }

    @Test
    void focusModeHidesTheNavigatorAndTheLessonAndAgainBringsThemBackWhereTheyWere() throws Exception {
        lab.size(1024, 768);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        Node tree = FxQuery.one(robot, "#course-tree");
        javafx.scene.control.SplitPane columns = onFx(() -> {
            Node n = lab.window.exerciseView();
            while (!(n instanceof javafx.scene.control.SplitPane pane && pane.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)) {
                n = n.getParent();
            }
            return (javafx.scene.control.SplitPane) n;
        });
        double[] before = onFx(columns::getDividerPositions);
        double narrow = onFx(() -> lab.window.exerciseView().getWidth());

        FxQuery.menu(robot, "View", "Focus mode (hide the course and the lesson)");
        WaitForAsyncUtils.waitForFxEvents();
        boolean treeShown = onFx(() -> tree.getScene() != null);
        double wide = onFx(() -> lab.window.exerciseView().getWidth());
        double window = onFx(() -> lab.stage.getScene().getWidth());
        FxQuery.menu(robot, "View", "Focus mode (hide the course and the lesson)");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(treeShown).as("the navigator in focus mode").isFalse();
        assertThat(wide).as("the exercise's width in focus mode (window " + window + ", before " + narrow + ")")
                .isGreaterThan(0.95 * window);
        assertThat(onFx(() -> tree.getScene() != null)).as("the navigator after focus mode").isTrue();
        assertThat(onFx(columns::getDividerPositions)).containsExactly(before, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theFirstTabInYamlSaysOnceThatItInsertedTwoSpaces() throws Exception {
        lab.openExercise(robot, "Run three replicas with a Deployment");
        orchlab.desktop.editor.CodeEditor code = (orchlab.desktop.editor.CodeEditor)
                lab.window.exerciseView().editor("deployment.yaml").orElseThrow().node();
        Node area = onFx(() -> code.lookup(".code-area"));
        Runnable tab = () -> area.fireEvent(new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED,
                "", "", javafx.scene.input.KeyCode.TAB, false, false, false, false));
        String before = onFx(code::getText);
        Notice first = onFx(() -> {
            lab.vm.exercise().noticeProperty().set(null);
            tab.run();
            return lab.vm.exercise().noticeProperty().get();
        });
        Notice second = onFx(() -> {
            lab.vm.exercise().noticeProperty().set(null);
            tab.run();
            Notice n = lab.vm.exercise().noticeProperty().get();
            lab.window.exerciseView().editor("deployment.yaml").orElseThrow().setText(before);
            return n;
        });

        assertThat(first).isNotNull();
        assertThat(first.text()).startsWith("Tab inserted two spaces");
        assertThat(second).as("the second Tab says nothing").isNull();
    }

    @Test
    void helpListsTheKeyboardShortcutsOfApplyCheckAndTheBottomPanel() throws Exception {
        FxQuery.menu(robot, "Help", "Keyboard shortcuts");
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> texts = onFx(() -> FxQuery.all(robot, "#shortcuts .label", javafx.scene.control.Label.class).stream()
                .map(javafx.scene.control.Label::getText).toList());
        // nothing cut to "...": each key gets its width, each description the height of its wrapped lines
        java.util.List<String> cut = onFx(() -> FxQuery.all(robot, "#shortcuts .label", javafx.scene.control.Label.class).stream()
                .filter(l -> l.getWidth() < l.minWidth(-1) - 0.5 || l.getHeight() < l.prefHeight(l.getWidth()) - 0.5
                        || (!l.isWrapText() && l.getWidth() < l.prefWidth(-1) - 0.5))
                .map(javafx.scene.control.Label::getText).toList());
        robot.clickOn(FxQuery.one(robot, ".dialog-pane .button", javafx.scene.control.Button.class));

        assertThat(texts).contains("Ctrl+Enter", "Ctrl+Shift+Enter", "Ctrl+Shift+M", "Ctrl+Shift+F");
        assertThat(cut).as("shortcut texts cut short").isEmpty();
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1024, 768", "1920, 1080"})
    void everyBottomTabShowsItsWholeNameAndNoneHidesInTheOverflowMenu(int width, int height) throws Exception {
        lab.size(width, height);
        lab.openExerciseById("k8s-deployment");
        WaitForAsyncUtils.waitForFxEvents();

        record Header(String id, String name, String shown, double maxX, double room, boolean hasTooltip) {
        }
        java.util.List<Header> headers = onFx(() -> {
            javafx.scene.control.TabPane bottom = (javafx.scene.control.TabPane) robot.lookup("#bottom-tabs").query();
            java.util.List<Header> out = new java.util.ArrayList<>();
            for (javafx.scene.control.Tab tab : bottom.getTabs()) {
                Node header = robot.from(bottom).lookup(".tab-header-area .tab").match((Node n) -> tab.getId().equals(n.getId())
                        && n.getParent().getParent().getParent() == bottom).query();
                javafx.scene.control.Label label = (javafx.scene.control.Label) header.lookup(".tab-label");
                javafx.scene.text.Text text = (javafx.scene.text.Text) label.lookup(".text");
                double maxX = bottom.sceneToLocal(header.localToScene(header.getLayoutBounds())).getMaxX();
                out.add(new Header(tab.getId(), label.getText(), text == null ? null : text.getText(), maxX,
                        bottom.getWidth(), tab.getTooltip() != null));
            }
            return out;
        });
        // the bottom panel's own header area and overflow button, not those of a tab pane inside one of its tabs
        java.util.function.Function<Node, javafx.scene.layout.Region> headerArea = bottom -> (javafx.scene.layout.Region)
                ((javafx.scene.Parent) bottom).getChildrenUnmodifiable().stream()
                        .filter(n -> n.getStyleClass().contains("tab-header-area")).findFirst().orElseThrow();
        java.util.function.Function<Node, Node> overflowButton = bottom -> headerArea.apply(bottom).getChildrenUnmodifiable()
                .stream().filter(n -> n.getStyleClass().contains("control-buttons-tab")).findFirst().orElseThrow();
        boolean overflowMenu = onFx(() -> overflowButton.apply(robot.lookup("#bottom-tabs").query()).isVisible());
        MainWindow.TabStyle style = onFx(lab.window::tabStyle);
        String why = onFx(() -> {
            Node bottom = robot.lookup("#bottom-tabs").query();
            javafx.scene.layout.Region area = headerArea.apply(bottom);
            javafx.scene.layout.Region region = (javafx.scene.layout.Region) area.getChildrenUnmodifiable().stream()
                    .filter(n -> n.getStyleClass().contains("headers-region")).findFirst().orElseThrow();
            Node menu = overflowButton.apply(bottom);
            return "style " + lab.window.tabStyle() + ", panel " + ((javafx.scene.layout.Region) bottom).getWidth() + ", area "
                    + area.getWidth() + " (left inset " + area.snappedLeftInset() + "), headers " + region.prefWidth(-1)
                    + ", menu " + menu.prefWidth(-1) + " visible " + menu.isVisible();
        });

        assertThat(headers).hasSize(5).allSatisfy(h -> {
            assertThat(h.maxX()).as(h.id() + " inside the panel").isLessThanOrEqualTo(h.room() + 0.5);
            if (h.name() == null || h.name().isEmpty()) {
                assertThat(h.hasTooltip()).as(h.id() + ": an icon only says its name in a tooltip").isTrue();
            } else {
                assertThat(h.shown()).as(h.id() + " shows its whole name").isEqualTo(h.name());
            }
        });
        assertThat(overflowMenu).as("the tabs' overflow menu: " + why).isFalse();
        assertThat(style).as("tab names show at " + width).isNotEqualTo(MainWindow.TabStyle.ICONS_ONLY);
        if (width >= 1920) {
            assertThat(style).isEqualTo(MainWindow.TabStyle.ICONS_AND_NAMES);
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1024, 768", "1920, 1080"})
    void theToolbarsBusyWordsShowWholeOrOnlyInATooltipNeverCut(int width, int height) throws Exception {
        lab.size(width, height);
        lab.openExerciseById("k8s-deployment");
        String[] words = {"Preparing…", "namespace k8s-deployment", "starting k3s (rancher/k3s:v1.32.5-k3s1); the first start takes a minute"};
        try {
            for (String busy : words) {
                onFx(() -> {
                    lab.vm.exercise().busyTextProperty().set(busy);
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                String[] seen = onFx(() -> {
                    javafx.scene.control.Label label = (javafx.scene.control.Label) robot.lookup("#busy-text").query();
                    javafx.scene.text.Text text = (javafx.scene.text.Text) label.lookup(".text");
                    javafx.scene.control.ProgressBar bar = robot.lookup(".lab-toolbar .progress-bar").queryAs(javafx.scene.control.ProgressBar.class);
                    return new String[] {label.isVisible() ? "shown" : "hidden", text == null ? null : text.getText(),
                        bar.getTooltip() == null ? null : bar.getTooltip().getText()};
                });
                if (seen[0].equals("shown")) {
                    assertThat(seen[1]).as("the busy words at %d", width).isEqualTo(busy);
                } else {
                    assertThat(seen[2]).as("hidden busy words in the tooltip at %d", width).isEqualTo(busy);
                }
                if (width >= 1920 && busy.length() < 30) {
                    assertThat(seen[0]).as("%s at %d", busy, width).isEqualTo("shown");
                }
            }
        } finally {
            onFx(() -> {
                lab.vm.exercise().busyTextProperty().set("");
                return null;
            });
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1024, 768", "1440, 900"})
    void theClusterTabShowsItsWholePlaceholderEveryColumnAndBothTabsOfItsSidePanel(int width, int height) throws Exception {
        lab.size(width, height);
        lab.openExerciseById("k8s-pod");
        robot.clickOn(LabSession.tabHeader(robot, "tab-cluster"));
        onFx(() -> lab.vm.exercise().reset()).get(60, java.util.concurrent.TimeUnit.SECONDS);
        lab.waitUntil(() -> FxQuery.all(robot, ".cluster-placeholder", javafx.scene.control.Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("No objects in namespace")));
        WaitForAsyncUtils.waitForFxEvents();

        javafx.scene.control.TreeTableView<?> tree = FxQuery.one(robot, ".cluster-tree", javafx.scene.control.TreeTableView.class);
        javafx.scene.control.Label placeholder = FxQuery.one(robot, ".cluster-placeholder", javafx.scene.control.Label.class,
                l -> l.getText().startsWith("No objects in namespace"), "the empty namespace's placeholder");
        String[] drawn = onFx(() -> new String[] {placeholder.getText(), drawnText(placeholder)});
        assertThat(drawn[1]).as("the placeholder as drawn in a %d px tab", (int) (double) onFx(tree::getWidth)).isEqualTo(drawn[0]);
        assertThat(onFx(() -> inside(placeholder, tree))).as("the placeholder inside the tree").isTrue();

        onFx(() -> lab.vm.exercise().apply("pod.yaml",
                java.nio.file.Files.readString(orchlab.testkit.Repo.root().resolve("exercises/k8s-pod/solution/pod.yaml"))))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
        lab.waitUntil(() -> !tree.getRoot().getChildren().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        assertEveryColumnHeaderWholeAndInside(tree, tree.getColumns().stream().map(javafx.scene.control.TableColumnBase::getText).toList(),
                "the objects' tree at " + width + "×" + height);
        javafx.scene.control.TableView<?> events = FxQuery.one(robot, ".cluster-events", javafx.scene.control.TableView.class);
        assertEveryColumnHeaderWholeAndInside(events, events.getColumns().stream().map(javafx.scene.control.TableColumnBase::getText).toList(),
                "the events at " + width + "×" + height);

        javafx.scene.control.TabPane details = FxQuery.one(robot, "#cluster-details", javafx.scene.control.TabPane.class);
        java.util.List<String> tabs = onFx(() -> FxQuery.allUnder(robot, details, ".tab-label", javafx.scene.control.Label.class).stream()
                .map(l -> drawnText(l) + (inside(l, details) ? "" : " (outside)")).toList());
        boolean overflow = onFx(() -> FxQuery.allUnder(robot, details, ".control-buttons-tab", Node.class).stream().anyMatch(Node::isVisible));
        assertThat(tabs).as("the side panel's tab labels as drawn").containsExactly("YAML", "Logs");
        assertThat(overflow).as("the side panel's overflow menu").isFalse();
        assertThat(onFx(details::getWidth)).as("the side panel's width").isGreaterThanOrEqualTo(orchlab.desktop.cluster.ClusterView.DETAILS_MIN_WIDTH);
    }

    /** Every column of {@code table} has a header, drawn inside the table with its whole title. */
    private void assertEveryColumnHeaderWholeAndInside(javafx.scene.control.Control table, java.util.List<String> titles, String what)
            throws Exception {
        java.util.List<String> seen = onFx(() -> FxQuery.allUnder(robot, table, ".column-header", javafx.scene.layout.Region.class).stream()
                .filter(h -> h.getStyleClass().contains("table-column") && h.isVisible())
                .map(h -> drawnText((javafx.scene.Parent) h.lookup(".label")) + (inside(h, table) ? "" : " (outside)")).toList());
        String where = onFx(() -> FxQuery.allUnder(robot, table, ".column-header", javafx.scene.layout.Region.class).stream()
                .filter(h -> h.getStyleClass().contains("table-column"))
                .map(h -> table.sceneToLocal(h.localToScene(h.getLayoutBounds())))
                .map(b -> (int) b.getMinX() + ".." + (int) b.getMaxX()).collect(java.util.stream.Collectors.joining(", ")));
        assertThat(seen).as("column headers of %s as drawn (%s px wide: %s)", what, onFx(table::getWidth), where)
                .containsExactlyElementsOf(titles);
    }

    /** The text a label draws (its LabeledText, cut to "…" where it does not fit); all its lines when it wraps. */
    private static String drawnText(javafx.scene.Parent label) {
        return label.lookupAll(".text").stream().filter(n -> n instanceof javafx.scene.text.Text)
                .map(n -> ((javafx.scene.text.Text) n).getText()).collect(java.util.stream.Collectors.joining());
    }

    /** Whether {@code node} lies inside {@code area} as drawn, left to right. */
    private static boolean inside(Node node, Node area) {
        javafx.geometry.Bounds n = node.localToScene(node.getLayoutBounds());
        javafx.geometry.Bounds a = area.localToScene(area.getLayoutBounds());
        return n.getMinX() >= a.getMinX() - 0.5 && n.getMaxX() <= a.getMaxX() + 0.5;
    }

    private static Node textFlowUnder(Node node) {
        if (node instanceof javafx.scene.text.TextFlow) {
            return node;
        }
        if (node instanceof javafx.scene.Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                Node found = textFlowUnder(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private void setEditorText(String text) throws Exception {
        onFx(() -> {
            lab.window.exerciseView().editor("deployment.yaml").orElseThrow().setText(text);
            return null;
        });
    }

    private void showAHintAndALongBanner() throws Exception {
        onFx(() -> {
            while (lab.vm.exercise().nextHint().isPresent()) {
                // a learner who is stuck: every hint shown
            }
            lab.vm.exercise().noticeProperty().set(Notice.error("deployment.yaml:3: unknown field \"spec.replica\"\n"
                    + "deployment.yaml:9: unknown field \"spec.template.spec.container\"\n"
                    + "deployment.yaml:12: duplicate field \"image\"\n"
                    + "deployment.yaml:14: unknown field \"metadata.label\""));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
