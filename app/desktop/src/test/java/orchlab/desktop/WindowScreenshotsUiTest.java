package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orchlab.desktop.exercise.CheckRow;
import orchlab.engine.check.CheckEngine;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Makes the lab window's pictures under {@code assets/screenshots/}: the Deployments exercise with its red
 * {@code spec.replicas} row at 1440×900 and 1024×768, light and dark, and a broken exercise's page at 1024×768. Runs
 * only when asked (it asserts nothing the journey tests do not):
 * {@code mvn -B -o -pl app/desktop -am test -Dtest=WindowScreenshotsUiTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dorchlab.screenshots=$PWD/assets/screenshots} — then look at each PNG before committing it.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@EnabledIfSystemProperty(named = "orchlab.screenshots", matches = ".+",
        disabledReason = "makes the committed screenshots only when -Dorchlab.screenshots=DIR is given")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowScreenshotsUiTest {
    private LabSession lab;
    private final FxRobot robot = new FxRobot();
    private Path temp;

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        temp = home;
        lab = LabSession.open(home.resolve("home"));
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    /** Largest first, then the smaller size. */
    @Test
    @Order(1)
    void theDeploymentsExerciseWithARedReplicasRowAtBothSizesLightAndDark() throws Exception {
        lab.size(1440, 900);
        lab.openExercise(robot, "Run three replicas with a Deployment");
        onFx(() -> {
            lab.window.exerciseView().editor("deployment.yaml").orElseThrow().setText(Manifests.deployment(2));
            return null;
        });
        robot.clickOn(LabSession.button(robot, "Apply"));
        lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get() && lab.vm.exercise().outputProperty().get().contains("deployment/my-app"));
        lab.vm.exercise().setRunOptions(CheckEngine.RunOptions.capped(Duration.ofSeconds(2)));
        robot.clickOn(LabSession.button(robot, "Check"));
        lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get() && lab.vm.exercise().rows().stream()
                .anyMatch(r -> r.id().equals("three-replicas") && r.state() == CheckRow.State.FAILED));
        robot.clickOn(LabSession.tabHeader(robot, "tab-checks"));
        for (int[] size : new int[][] {{1440, 900}, {1024, 768}}) {
            lab.size(size[0], size[1]);
            WaitForAsyncUtils.waitForFxEvents();
            String name = "exercise-" + size[0] + "x" + size[1];
            Screenshots.save(lab.stage, name + "-light.png", false);
            Screenshots.save(lab.stage, name + "-dark.png", true);
        }
    }

    @Test
    @Order(2)
    void aBrokenExercisesPageAtTenTwentyFour() throws Exception {
        Path pack = temp.resolve("pack");
        Path example = Repo.root().resolve("app/docs/examples/pack");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.toList()) {
                Path target = pack.resolve(example.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("sim-images.yaml")) {
                    Files.copy(file, target);
                }
            }
        }
        Path exercise = pack.resolve("exercises/first-pod/exercise.yaml");
        Files.writeString(exercise, Files.readString(exercise).replaceAll("(?m)^sandbox: .*$", "sandbox: kubernetes-but-misspelt"));
        onFx(() -> lab.vm.openCourse(pack)).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        lab.size(1024, 768);
        robot.clickOn(LabSession.treeCell(robot, "first-pod"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(LabSession.tabHeader(robot, "tab-problems"));
        Screenshots.save(lab.stage, "broken-exercise-1024x768-light.png", false);
    }
}
