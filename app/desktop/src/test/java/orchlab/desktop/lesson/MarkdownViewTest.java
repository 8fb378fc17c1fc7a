package orchlab.desktop.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import orchlab.engine.course.Course;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.Lesson;
import orchlab.testkit.Repo;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class MarkdownViewTest {
    private static final String DEPLOYMENTS_APPLY =
            "kubectl apply -f deployment.yaml\nkubectl get deployments\nkubectl get pods -l app=web -w";

    private final RecordingActions actions = new RecordingActions();
    private MarkdownView view;
    private ScrollPane scroll;

    @TempDir
    Path course;

    @BeforeAll
    static void monocleNeedsJava21() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "the headless UI tests run on openjfx-monocle 21,"
                + " which needs Java 21 or newer; this JVM is " + Runtime.version()
                + " (run them with -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)");
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view = new MarkdownView(actions, MarkdownViewTest::styleKindAsKeyword);
        scroll = view.inScrollPane();
        stage.setScene(new Scene(scroll, 900, 700));
        stage.sizeToScene();
        stage.show();
    }

    /** A tiny styler: in YAML, the word "kind" is a keyword (the editor's token class); other languages are plain. */
    static StyleSpans<Collection<String>> styleKindAsKeyword(String language, String code) {
        if (!language.equals("yaml")) {
            return null;
        }
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        Matcher kind = Pattern.compile("\\bkind\\b").matcher(code);
        int last = 0;
        while (kind.find()) {
            spans.add(List.of(), kind.start() - last);
            spans.add(List.of("tok-keyword"), kind.end() - kind.start());
            last = kind.end();
        }
        spans.add(List.of(), code.length() - last);
        return spans.create();
    }

    // ---------------------------------------------------------------- the real lesson

    /**
     * A Deployments lesson kept as a test fixture (the course's own lesson changes with the course; the rendering
     * rules below are about this text): one YAML block, three bash blocks, a tree drawing, five headings.
     */
    private void showDeploymentsLesson(FxRobot robot) {
        String markdown;
        try (var in = MarkdownViewTest.class.getResourceAsStream("deployments-fixture.md")) {
            markdown = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        show(robot, markdown, course, course);
    }

    @Test
    void showsTheHeadingsOfTheDeploymentsLesson(FxRobot robot) {
        showDeploymentsLesson(robot);
        List<TextFlow> headings = all(".md-heading", TextFlow.class);
        assertThat(headings).extracting(MarkdownViewTest::textOf).containsExactly(
                "Deployments", "Anatomy of a Deployment", "Applying and watching", "Rolling updates", "Your turn");
        assertThat(headings.get(0).getStyleClass()).contains("md-h1", "title-1");
        assertThat(headings.get(1).getStyleClass()).contains("md-h2", "title-2");
    }

    @Test
    void everyCodeBlockOfTheLessonHasACopyButton(FxRobot robot) {
        showDeploymentsLesson(robot);
        assertThat(all(".md-code-block", Node.class)).hasSize(4);
        assertThat(all(".md-copy-button", Button.class)).hasSize(4).allSatisfy(b -> assertThat(b.getText())
                .isEqualTo("Copy"));
    }

    @Test
    void onlyTheBashBlocksHaveARunInTerminalButton(FxRobot robot) {
        showDeploymentsLesson(robot);
        List<Node> blocks = all(".md-code-block", Node.class);
        assertThat(blocks.get(0).lookupAll(".md-run-button")).as("the YAML block").isEmpty();
        assertThat(blocks.subList(1, 4)).allSatisfy(b -> assertThat(b.lookupAll(".md-run-button")).hasSize(1));
        assertThat(all(".md-run-button", Button.class)).extracting(Button::getText).containsOnly("Run in terminal");
    }

    @Test
    void codeBlockButtonsSayRunThenShowOnlyIconsAsTheColumnNarrowsAndAreNeverCut(FxRobot robot) {
        showDeploymentsLesson(robot);
        int richest = 0;
        try {
            for (int width : new int[] {900, 420, 300, 240, 190, 140}) {
                robot.interact(() -> orchlab.desktop.strays.FreshBuffers.resize(stage, width, stage.getHeight()));
                WaitForAsyncUtils.waitForFxEvents();
                for (Button b : all(".md-code-block .button", Button.class)) {
                    Region toolbar = (Region) b.getParent();
                    assertThat(b.getWidth()).as("%s at %d", b.getText(), width).isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
                    assertThat(b.getBoundsInParent().getMaxX()).as("%s inside its block at %d", b.getText(), width)
                            .isLessThanOrEqualTo(toolbar.getWidth() + 0.5);
                    assertThat(b.localToScene(b.getLayoutBounds()).getMaxX()).as("%s inside the window at %d", b.getText(), width)
                            .isLessThanOrEqualTo(b.getScene().getWidth() + 0.5);
                    if (b.getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY) {
                        assertThat(b.getTooltip()).as("an icon-only button says what it does").isNotNull();
                    } else {
                        javafx.scene.text.Text shown = (javafx.scene.text.Text) b.lookup(".text");
                        assertThat(shown.getText()).as("the button's words at %d", width).isEqualTo(b.getText());
                    }
                }
                Button run = all(".md-run-button", Button.class).get(0);
                int style = run.getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY ? 2
                        : run.getText().equals("Run") ? 1 : 0;
                assertThat(style).as("narrower never gets richer (at %d)", width).isGreaterThanOrEqualTo(richest);
                richest = style;
                if (width == 900) {
                    assertThat(run.getText()).isEqualTo("Run in terminal");
                    assertThat(style).isZero();
                }
            }
            assertThat(richest).as("at the narrowest the buttons are icons").isEqualTo(2);
        } finally {
            robot.interact(() -> orchlab.desktop.strays.FreshBuffers.resize(stage, 900, stage.getHeight()));
        }
    }

    @Test
    void runInTerminalSendsTheCommandsOfTheBlock(FxRobot robot) {
        showDeploymentsLesson(robot);
        Button run = all(".md-run-button", Button.class).get(0);
        robot.interact(() -> scroll.setVvalue(scroll.getVmin()));
        scrollIntoView(robot, run);
        robot.clickOn(run);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(actions.ran).as("a block of three commands asks first").isEmpty();
        press(robot, "Run in terminal");
        assertThat(actions.ran).containsExactly(DEPLOYMENTS_APPLY);
    }

    @Test
    void runInTerminalLeavesOutTrailingComments(FxRobot robot) {
        showDeploymentsLesson(robot);
        Button run = all(".md-run-button", Button.class).get(2);
        scrollIntoView(robot, run);
        robot.clickOn(run);
        WaitForAsyncUtils.waitForFxEvents();
        press(robot, "Run in terminal");
        assertThat(actions.ran).containsExactly("kubectl set image deployment/web web=nginx:1.27.3\n"
                + "kubectl rollout status deployment/web\nkubectl rollout undo deployment/web");
    }

    @Test
    void copyPutsTheCodeOnTheClipboardAndSaysCopiedForAMoment(FxRobot robot) throws Exception {
        show(robot, "```bash\nkubectl get pods\n```\n", course, course);
        Button copy = all(".md-copy-button", Button.class).get(0);
        robot.clickOn(copy);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(copy.getText()).isEqualTo("Copied");
        assertThat(actions.copied).containsExactly("kubectl get pods");
        assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get())
                .isEqualTo("kubectl get pods");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> copy.getText().equals("Copy"));
    }

    @Test
    void codeBlocksAreColouredByTheStyler(FxRobot robot) {
        showDeploymentsLesson(robot);
        Node yaml = all(".md-code-block", Node.class).get(0);
        List<Text> texts = yaml.lookupAll(".md-code-text").stream().map(Text.class::cast).toList();
        assertThat(texts.stream().map(Text::getText).collect(Collectors.joining()))
                .startsWith("apiVersion: apps/v1\nkind: Deployment\n").endsWith("- containerPort: 80");
        List<Text> keywords = texts.stream().filter(t -> t.getStyleClass().contains("tok-keyword")).toList();
        assertThat(keywords).extracting(Text::getText).containsExactly("kind");
        assertThat(keywords.get(0).getFill()).as("the token colour from markdown.css").isNotEqualTo(texts.get(0).getFill());
    }

    @Test
    void codeIsPlainWhenTheStylerGivesNothing(FxRobot robot) {
        showDeploymentsLesson(robot);
        Node bash = all(".md-code-block", Node.class).get(1);
        assertThat(bash.lookupAll(".md-code-text")).singleElement().satisfies(t -> {
            assertThat(((Text) t).getText()).isEqualTo(DEPLOYMENTS_APPLY);
            assertThat(t.getStyleClass()).containsExactly("md-code-text");
        });
    }

    @Test
    void aBrokenStylerStillShowsTheCode(FxRobot robot) {
        MarkdownView broken = new MarkdownView(actions, (language, code) -> {
            throw new IllegalStateException("styler bug");
        });
        robot.interact(() -> {
            scroll.setContent(broken); // code sits in a ScrollPane, whose content is a child only once it has a skin
            broken.show("```yaml\nkind: Pod\n```\n", course, course);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(broken.lookupAll(".md-code-text")).extracting(n -> ((Text) n).getText())
                .containsExactly("kind: Pod");
    }

    @Test
    void theMouseWheelOverACodeBlockScrollsTheLesson(FxRobot robot) throws TimeoutException {
        StringBuilder md = new StringBuilder();
        for (int k = 0; k < 80; k++) {
            md.append("Paragraph ").append(k).append(" of filler text.\n\n");
            if (k == 40) {
                md.append("```bash\nkubectl get pods\n```\n\n");
            }
        }
        show(robot, md.toString(), course, course);
        Node code = all(".md-code-scroll", Node.class).get(0);
        scrollIntoView(robot, code);
        double before = scroll.getVvalue();
        robot.moveTo(code);
        robot.scroll(5, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> scroll.getVvalue() != before);
    }

    @Test
    void noLanguageBlockOfDockerCommandsIsRunnable(FxRobot robot) {
        show(robot, "```\ndocker build -t orchlab/hello-py:1.0 .\ncurl http://localhost:8080/\n```\n", course, course);
        Button run = all(".md-run-button", Button.class).get(0);
        robot.clickOn(run);
        WaitForAsyncUtils.waitForFxEvents();
        press(robot, "Run in terminal");
        assertThat(actions.ran).containsExactly("docker build -t orchlab/hello-py:1.0 .\ncurl http://localhost:8080/");
    }

    /** Presses a button of the open dialog (Run in terminal's confirmation). */
    private static void press(FxRobot robot, String text) {
        Button button = robot.lookup(".dialog-pane .button").match((Button b) -> text.equals(b.getText())).queryButton();
        WaitForAsyncUtils.asyncFx(button::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aMultiLineBlockShowsWhatItWillTypeAndCancelRunsNothing(FxRobot robot) {
        show(robot, "```bash\nkubectl get pods\nkubectl delete pod web\n```\n", course, course);
        robot.clickOn(all(".md-run-button", Button.class).get(0));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup(".run-confirmation-text").queryAs(javafx.scene.control.TextArea.class).getText())
                .isEqualTo("kubectl get pods\nkubectl delete pod web");
        press(robot, "Cancel");

        assertThat(actions.ran).isEmpty();
    }

    @Test
    void aSingleLineCommandRunsWithoutAsking(FxRobot robot) {
        show(robot, "```bash\nkubectl get pods\n```\n", course, course);
        robot.clickOn(all(".md-run-button", Button.class).get(0));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(actions.ran).containsExactly("kubectl get pods");
    }

    // ---------------------------------------------------------------- images

    @Test
    void aMissingImageShowsAPlaceholder(FxRobot robot) throws IOException {
        Path lessons = Files.createDirectories(course.resolve("lessons/k8s"));
        show(robot, "Before\n\n![A diagram of a Pod](img/missing.png)\n\nAfter\n", lessons, course);
        assertThat(all(".md-image-placeholder", Label.class)).singleElement()
                .extracting(Label::getText).isEqualTo("image not found: img/missing.png (A diagram of a Pod)");
        assertThat(all(".md-paragraph", TextFlow.class)).extracting(MarkdownViewTest::textOf)
                .containsExactly("Before", "After");
    }

    @Test
    void anImageOutsideTheCourseIsRefused(FxRobot robot) throws IOException {
        Path lessons = Files.createDirectories(course.resolve("lessons/k8s"));
        show(robot, "![secret](../../../etc/passwd)\n", lessons, course);
        assertThat(view.lookupAll(".image-view")).isEmpty();
        assertThat(all(".md-image-placeholder", Label.class)).singleElement().extracting(Label::getText)
                .isEqualTo("image refused: ../../../etc/passwd (secret) is outside the course's folder.");
    }

    @Test
    void anImageOfTheCourseIsShownScaledDownToTheWidth(FxRobot robot) throws Exception {
        Path lessons = Files.createDirectories(course.resolve("lessons/k8s"));
        writePng(Files.createDirectories(course.resolve("assets")).resolve("wide.png"), 2400, 120);
        show(robot, "![a wide picture](../../assets/wide.png)\n", lessons, course);
        ImageView image = (ImageView) view.lookup(".image-view");
        assertThat(image).isNotNull();
        assertThat(image.getImage().isBackgroundLoading()).as("decoded off the FX thread").isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> image.getImage().getProgress() >= 1);
        assertThat(image.getImage().getWidth()).isEqualTo(2400);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> image.getFitWidth() > 0 && image.getFitWidth() < 900);
        assertThat(image.isPreserveRatio()).isTrue();
        assertThat(image.getBoundsInParent().getMaxX()).isLessThanOrEqualTo(scroll.getViewportBounds().getWidth());
    }

    @Test
    void aLessonDiagramIsNoWhiteBlockInTheDarkThemeAndKeepsItsPaperInTheLightOne(FxRobot robot) throws Exception {
        Path lessons = Repo.root().resolve("lessons/foundations");
        String diagram = "![A Service in front of three Pods](why-orchestration.png)\n";
        show(robot, diagram, lessons, Repo.root());
        ImageView light = loadedImage();
        assertThat(paperOf(robot, light).getBrightness()).as("the diagram's paper in the light theme").isGreaterThan(0.9);

        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.paint.Color page = pageColour();
        javafx.scene.paint.Color paper = paperOf(robot, light);
        assertThat(paper.getBrightness()).as("the diagram's paper in the dark theme (was white)").isLessThan(0.25);
        assertThat(paper.getRed()).as("the paper is the theme's page").isCloseTo(page.getRed(), org.assertj.core.data.Offset.offset(0.05));
        assertThat(paper.getBlue()).isCloseTo(page.getBlue(), org.assertj.core.data.Offset.offset(0.05));

        // opened in the dark theme, it is dark from the start
        show(robot, diagram + "\n", lessons, Repo.root());
        assertThat(paperOf(robot, loadedImage()).getBrightness()).as("opened in the dark theme").isLessThan(0.25);
    }

    @Test
    void aPictureNotDrawnOnWhiteIsLeftAsItIsInTheDarkTheme(FxRobot robot) throws Exception {
        Path lessons = Files.createDirectories(course.resolve("lessons"));
        writePng(lessons.resolve("photo.png"), 200, 100); // blue and white squares to its edges: not a page of paper
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        show(robot, "![a photo](photo.png)\n", lessons, course);
        ImageView image = loadedImage();

        assertThat(onFx(image::getEffect)).as("no effect on a photo").isNull();
        javafx.scene.paint.Color corner = paperOf(robot, image);
        assertThat(corner.getBlue()).as("the blue square in its corner").isGreaterThan(0.7);
        assertThat(corner.getRed()).isLessThan(0.3);
    }

    private ImageView loadedImage() throws Exception {
        ImageView image = (ImageView) view.lookup(".image-view");
        assertThat(image).as("the image is shown").isNotNull();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> image.getImage().getProgress() >= 1 && image.getFitWidth() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        return image;
    }

    /** The pixel two in from the image's top left corner as drawn (its effect included): the diagram's paper. */
    private static javafx.scene.paint.Color paperOf(FxRobot robot, ImageView image) throws Exception {
        return onFx(() -> image.snapshot(null, null).getPixelReader().getColor(2, 2));
    }

    /** The theme's page colour, as the theme defines -color-bg-default. */
    private javafx.scene.paint.Color pageColour() throws Exception {
        return onFx(() -> {
            Region probe = (Region) view.lookup(".md-theme-probe");
            return (javafx.scene.paint.Color) probe.getBackground().getFills().get(0).getFill();
        });
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSmallImageKeepsItsSize(FxRobot robot) throws Exception {
        Path lessons = Files.createDirectories(course.resolve("lessons"));
        writePng(lessons.resolve("icon.png"), 40, 30);
        show(robot, "![icon](icon.png)\n", lessons, course);
        ImageView image = (ImageView) view.lookup(".image-view");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> image.getFitWidth() == 40 && image.getImage().getProgress() >= 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(image.getLayoutBounds().getHeight()).isEqualTo(30);
    }

    @Test
    void anImageWhoseHeaderClaimsTooManyPixelsIsNotDecoded(FxRobot robot) throws Exception {
        // a valid PNG header for 50,000 x 50,000 pixels: decoding it would need 10 GB
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(50_000).putInt(50_000).put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        png.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
        png.write(ihdr.array());
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        Files.write(course.resolve("bomb.png"), png.toByteArray());

        show(robot, "![huge](bomb.png)\n", course, course);

        assertThat(view.lookupAll(".image-view")).isEmpty();
        assertThat(all(".md-image-placeholder", Label.class)).singleElement().extracting(Label::getText).asString()
                .startsWith("image not shown: bomb.png (huge) is 50000\u00d750000 pixels; the lab shows images of at most 40 million pixels");
    }

    @Test
    void anUnreadableImageShowsAPlaceholder(FxRobot robot) throws IOException {
        Files.writeString(course.resolve("broken.png"), "this is not a PNG");
        show(robot, "![broken](broken.png)\n", course, course);
        assertThat(all(".md-image-placeholder", Label.class)).singleElement().extracting(Label::getText)
                .asString().startsWith("image could not be loaded: broken.png (broken)");
    }

    @Test
    void anSvgImageShowsAPlaceholderWithItsAltText(FxRobot robot) throws IOException {
        Files.writeString(course.resolve("logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        show(robot, "![the logo](logo.svg)\n", course, course);
        assertThat(all(".md-image-placeholder", Label.class)).singleElement().extracting(Label::getText)
                .asString().startsWith("SVG images cannot be shown here: logo.svg (the logo)");
    }

    @Test
    void aWebImageIsNotLoadedButLinked(FxRobot robot) {
        show(robot, "![Kubernetes logo](https://kubernetes.io/images/logo.png)\n", course, course);
        assertThat(view.lookupAll(".image-view")).isEmpty();
        TextFlow placeholder = all(".md-image-placeholder", TextFlow.class).get(0);
        assertThat(textOf(placeholder)).contains("Kubernetes logo").contains("https://kubernetes.io/images/logo.png");
        robot.clickOn(textNode("https://kubernetes.io/images/logo.png"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(actions.external).containsExactly(URI.create("https://kubernetes.io/images/logo.png"));
    }

    // ---------------------------------------------------------------- links

    @Test
    void aLinkToAnotherLessonOpensIt(FxRobot robot) throws IOException {
        Path lessons = Files.createDirectories(course.resolve("lessons/kubernetes"));
        show(robot, "Next: [Services](services.md) and [images](../docker/first-image.md#pin).\n", lessons, course);
        robot.clickOn(textNode("Services"));
        robot.clickOn(textNode("images"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(actions.lessons).containsExactly(lessons.resolve("services.md"),
                course.resolve("lessons/docker/first-image.md"));
    }

    @Test
    void aWebLinkOpensOutsideTheApp(FxRobot robot) {
        show(robot, "Read [the docs](https://kubernetes.io/docs/).\n", course, course);
        Text link = textNode("the docs");
        assertThat(link.getStyleClass()).contains("md-link");
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(actions.external).containsExactly(URI.create("https://kubernetes.io/docs/"));
    }

    @Test
    void hoveringALinkShowsWhereItLeads(FxRobot robot) throws TimeoutException {
        show(robot, "Read [the docs](https://kubernetes.io/docs/) and [this](javascript:alert(1)).\n", course, course);
        robot.moveTo(textNode("the docs"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> showingTooltips(robot).contains("https://kubernetes.io/docs/"));
        robot.moveTo(textNode("this"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> showingTooltips(robot).contains("The lab does not open javascript: links."));
    }

    private static List<String> showingTooltips(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w instanceof javafx.scene.control.Tooltip && w.isShowing())
                .map(w -> ((javafx.scene.control.Tooltip) w).getText()).toList();
    }

    @Test
    void scriptFileAndOutsideLinksDoNothing(FxRobot robot) throws IOException {
        Path lessons = Files.createDirectories(course.resolve("lessons"));
        show(robot, "[run](javascript:alert(1)) [file](file:///etc/passwd) [up](../../../x.md) [yaml](a.yaml)\n",
                lessons, course);
        for (String name : List.of("run", "file", "up", "yaml")) {
            Text link = textNode(name);
            assertThat(link.getStyleClass()).contains("md-link-inert");
            robot.clickOn(link);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(actions.nothingHappened()).isTrue();
    }

    @Test
    void anAnchorLinkScrollsToItsHeading(FxRobot robot) throws TimeoutException {
        StringBuilder md = new StringBuilder("[Jump to the end](#the-end)\n\n");
        for (int k = 0; k < 80; k++) {
            md.append("Paragraph ").append(k).append(" of filler text.\n\n");
        }
        md.append("## The end\n\nDone.\n");
        show(robot, md.toString(), course, course);
        robot.interact(() -> scroll.setVvalue(0));
        robot.clickOn(textNode("Jump to the end"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> scroll.getVvalue() > 0.9);
        assertThat(actions.nothingHappened()).isTrue();
    }

    // ---------------------------------------------------------------- other blocks

    @Test
    void aTableShowsItsCells(FxRobot robot) {
        show(robot, "| Kind | Scope |\n|------|:-----:|\n| Pod | namespaced |\n| Node | `cluster` |\n", course, course);
        MarkdownTable table = all(".md-table", MarkdownTable.class).get(0);
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < table.columnCount(); c++) {
                cells.add(r + "," + c + "=" + textOf((TextFlow) table.cell(r, c).getChildrenUnmodifiable().get(0)));
            }
        }
        assertThat(cells).containsExactly("0,0=Kind", "0,1=Scope", "1,0=Pod", "1,1=namespaced", "2,0=Node",
                "2,1=cluster");
        assertThat(table.lookupAll(".md-table-header")).hasSize(2);
        assertThat(textNode("cluster").getStyleClass()).contains("md-code-inline");
    }

    /** A table as wide as the Istio security lesson's, with prose, short names and a long unbroken code span. */
    private static final String WIDE_TABLE = """
            | setting | Pod (`spec.securityContext`) | effect |
            |---|---|---|
            | `runAsNonRoot: true` | yes | the kubelet refuses to start a container that would run as user 0, with the \
            reason in the Pod's events and the container left waiting |
            | `readOnlyRootFilesystem: true` | no | the container's own file system cannot be written; volumes still can, \
            so mount an emptyDir at /tmp for an app that writes temporary files |
            | `capabilities.drop.ALL.and.a.very.long.unbroken.identifier` | no | remove the Linux capabilities root would have |
            """;

    @Test
    void aWideTableWrapsItsCellsToTheReadingColumn(FxRobot robot) {
        show(robot, WIDE_TABLE, course, course);
        assertTableFitsAndShowsAllItsText(robot);
    }

    @Test
    void aWideTableStillFitsANarrowWindow(FxRobot robot) {
        show(robot, WIDE_TABLE, course, course);
        robot.interact(() -> orchlab.desktop.strays.FreshBuffers.resize((javafx.stage.Stage) scroll.getScene().getWindow(), 420, scroll.getScene().getWindow().getHeight()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTableFitsAndShowsAllItsText(robot);
    }

    private void assertTableFitsAndShowsAllItsText(FxRobot robot) {
        robot.interact(() -> scroll.layout());
        MarkdownTable table = all(".md-table", MarkdownTable.class).get(0);
        Region body = all(".md-body", Region.class).get(0);
        javafx.geometry.Bounds column = body.localToScene(body.getLayoutBounds());
        double room = column.getWidth() - body.getInsets().getLeft() - body.getInsets().getRight();
        javafx.geometry.Bounds tableBounds = table.localToScene(table.getLayoutBounds());
        assertThat(tableBounds.getWidth()).as("table width within a column of %.0f px", room).isLessThanOrEqualTo(room);
        assertThat(tableBounds.getMaxX()).isLessThanOrEqualTo(column.getMaxX() - body.getInsets().getRight() + 0.5);
        assertThat(scroll.getViewportBounds().getWidth()).isGreaterThanOrEqualTo(column.getMaxX() - 0.5);
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < table.columnCount(); c++) {
                Region cell = table.cell(r, c);
                TextFlow flow = (TextFlow) cell.getChildrenUnmodifiable().get(0);
                javafx.geometry.Bounds cellBounds = cell.localToScene(cell.getLayoutBounds());
                javafx.geometry.Bounds flowBounds = flow.localToScene(flow.getLayoutBounds());
                assertThat(cellBounds.contains(flowBounds)).as("cell %d,%d's text block inside the cell", r, c).isTrue();
                assertThat(flow.getHeight()).as("cell %d,%d shows every line", r, c)
                        .isGreaterThanOrEqualTo(flow.prefHeight(flow.getWidth()) - 0.5);
                for (Node node : flow.getChildren()) {
                    Text text = (Text) node;
                    // a wrapped line's trailing space may reach past the edge; a glyph may not
                    Text blank = new Text(" ");
                    blank.setFont(text.getFont());
                    double space = blank.getLayoutBounds().getWidth() + 0.5;
                    javafx.geometry.Bounds textBounds = text.localToScene(text.getBoundsInLocal());
                    assertThat(textBounds.getMinX()).isGreaterThanOrEqualTo(flowBounds.getMinX() - 0.5);
                    assertThat(textBounds.getMaxX()).as("the text \"%s\" inside its cell", text.getText())
                            .isLessThanOrEqualTo(flowBounds.getMaxX() + space);
                    assertThat(textBounds.getMaxY()).isLessThanOrEqualTo(flowBounds.getMaxY() + 0.5);
                }
            }
        }
    }

    @Test
    void inANarrowColumnAHeadingWordStaysOnOneLine(FxRobot robot) {
        // the lesson column of a 1024x768 window: "Deploymen-ts" broke mid-word at the full heading size
        robot.interact(() -> orchlab.desktop.strays.FreshBuffers.resize((javafx.stage.Stage) scroll.getScene().getWindow(), 240, scroll.getScene().getWindow().getHeight()));
        show(robot, "# Deployments\n\n## Why Deployments exist\n", course, course);
        robot.interact(() -> scroll.layout());
        for (TextFlow heading : all(".md-heading", TextFlow.class)) {
            Text text = (Text) heading.getChildren().get(0);
            Text word = new Text("Deployments");
            word.setFont(text.getFont());
            assertThat(word.getLayoutBounds().getWidth()).as("\"Deployments\" in %s fits the heading's %.0f px",
                    text.getFont(), heading.getWidth()).isLessThanOrEqualTo(heading.getWidth());
        }
    }

    @Test
    void aColumnOfProseGetsMoreOfTheWidthThanAColumnOfShortNames() {
        // narrowest (longest word) and natural (one line) widths of: names, prose
        double[] widths = MarkdownTable.share(new double[] {80, 90}, new double[] {120, 900}, 500);
        assertThat(widths[0] + widths[1]).isLessThanOrEqualTo(500);
        assertThat(widths[0]).isBetween(80.0, 120.0);
        assertThat(widths[1]).isGreaterThan(3 * widths[0]);
    }

    @Test
    void aTableThatFitsKeepsItsNaturalWidths() {
        assertThat(MarkdownTable.share(new double[] {40, 60}, new double[] {100, 200}, 500))
                .containsExactly(100, 200);
    }

    @Test
    void withLessRoomThanItsLongestWordsTheWidestColumnsGiveWayFirst() {
        double[] widths = MarkdownTable.share(new double[] {60, 400, 300}, new double[] {60, 400, 900}, 400);
        assertThat(widths[0]).isEqualTo(60);
        assertThat(widths[1]).isEqualTo(170);
        assertThat(widths[2]).isEqualTo(170);
    }

    @Test
    void htmlIsShownAsTextAndNeverRun(FxRobot robot) {
        show(robot, "<script>alert('x')</script>\n\nText with <b>inline</b> tags.\n", course, course);
        assertThat(all(".md-html", TextFlow.class)).extracting(MarkdownViewTest::textOf)
                .containsExactly("<script>alert('x')</script>");
        assertThat(textOf(all(".md-paragraph", TextFlow.class).get(1))).isEqualTo("Text with <b>inline</b> tags.");
    }

    @Test
    void aBlockQuoteIsANote(FxRobot robot) {
        show(robot, "> [!TIP]\n> Use `kubectl explain`.\n\n> Plain quote.\n", course, course);
        List<Node> callouts = all(".md-callout", Node.class);
        assertThat(callouts).hasSize(2);
        assertThat(callouts.get(0).getStyleClass()).contains("md-callout-tip");
        assertThat(((Label) callouts.get(0).lookup(".md-callout-title")).getText()).isEqualTo("Tip");
        assertThat(textOf((TextFlow) callouts.get(0).lookup(".md-paragraph"))).isEqualTo("Use kubectl explain.");
        assertThat(textOf((TextFlow) callouts.get(1).lookup(".md-paragraph"))).isEqualTo("Plain quote.");
    }

    @Test
    void listsAreNumberedNestedAndTicked(FxRobot robot) {
        show(robot, "3. three\n4. four\n   - inner\n     - deeper\n\n- [x] done\n- [ ] open\n", course, course);
        assertThat(all(".md-list-marker", Label.class)).extracting(Label::getText)
                .containsExactly("3.", "4.", "\u25E6", "\u25AA", "\u2611", "\u2610");
        assertThat(all(".md-paragraph", TextFlow.class)).extracting(MarkdownViewTest::textOf)
                .containsExactly("three", "four", "inner", "deeper", "done", "open");
    }

    @Test
    void inlineStylesAndBreaksBecomeStyledText(FxRobot robot) {
        show(robot, "Some *emphasis*, **strong *both***, `code`\nsoft and  \nhard.\n\n---\n", course, course);
        TextFlow paragraph = all(".md-paragraph", TextFlow.class).get(0);
        assertThat(textOf(paragraph)).isEqualTo("Some emphasis, strong both, code soft and\nhard.");
        assertThat(textNode("emphasis").getStyleClass()).contains("md-em");
        assertThat(textNode("both").getStyleClass()).contains("md-em", "md-strong");
        assertThat(textNode("code").getStyleClass()).contains("md-code-inline");
        assertThat(view.lookupAll(".md-rule")).hasSize(1);
    }

    @Test
    void showingAgainReplacesTheContent(FxRobot robot) {
        show(robot, "# One\n", course, course);
        show(robot, "# Two\n", course, course);
        assertThat(all(".md-heading", TextFlow.class)).extracting(MarkdownViewTest::textOf).containsExactly("Two");
    }

    @Test
    void everyLessonAndExerciseOfTheCourseRendersWithoutBrokenImages(FxRobot robot) {
        Course loaded = CourseLoader.standard().load(Repo.root()).course().orElseThrow();
        for (Lesson lesson : loaded.lessons()) {
            show(robot, lesson.markdown(), lesson.file().getParent(), loaded.root());
            assertThat(all(".md-heading", Node.class)).as(lesson.id()).isNotEmpty();
            assertThat(view.lookupAll(".md-image-placeholder")).as(lesson.id()).isEmpty();
        }
        loaded.exercises().values().forEach(exercise -> {
            show(robot, exercise.description(), exercise.dir(), loaded.root());
            assertThat(all(".md-paragraph", Node.class)).as(exercise.id()).isNotEmpty();
            assertThat(view.lookupAll(".md-image-placeholder")).as(exercise.id()).isEmpty();
        });
    }

    // ---------------------------------------------------------------- helpers

    private void show(FxRobot robot, String markdown, Path baseDir, Path courseRoot) {
        robot.interact(() -> view.show(markdown, baseDir, courseRoot));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void scrollIntoView(FxRobot robot, Node node) {
        robot.interact(() -> {
            scroll.layout();
            double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
            double viewport = scroll.getViewportBounds().getHeight();
            double y = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            if (contentHeight > viewport) {
                scroll.setVvalue(Math.min(1, Math.max(0, (y - 40) / (contentHeight - viewport))));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T extends Node> List<T> all(String selector, Class<T> type) {
        Set<Node> found = view.lookupAll(selector);
        return found.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private Text textNode(String text) {
        return all(".md-text", Text.class).stream().filter(t -> t.getText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no text node \"" + text + "\""));
    }

    static String textOf(TextFlow flow) {
        return flow.getChildren().stream().filter(Text.class::isInstance).map(n -> ((Text) n).getText())
                .collect(Collectors.joining());
    }

    private static void writePng(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x / 20 + y / 20) % 2 == 0 ? 0x3366cc : 0xffffff);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Records what the view asked for. */
    static final class RecordingActions implements MarkdownActions {
        final List<String> ran = new CopyOnWriteArrayList<>();
        final List<URI> external = new CopyOnWriteArrayList<>();
        final List<Path> lessons = new CopyOnWriteArrayList<>();
        final List<String> copied = new CopyOnWriteArrayList<>();

        @Override
        public void runInTerminal(String commands) {
            ran.add(commands);
        }

        @Override
        public void openExternal(URI uri) {
            external.add(uri);
        }

        @Override
        public void openLesson(Path lessonFile) {
            lessons.add(lessonFile);
        }

        @Override
        public void copied(String text) {
            copied.add(text);
        }

        boolean nothingHappened() {
            return ran.isEmpty() && external.isEmpty() && lessons.isEmpty();
        }
    }
}
