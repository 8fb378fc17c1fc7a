package orchlab.desktop;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import orchlab.desktop.sandbox.SandboxStatus;

/**
 * For the start-up benchmark ({@code app/bench DesktopStartBench}) only, with {@code -Dorchlab.startupProbe=true}:
 * prints, measured from the JVM's start, when the first frame (the start skeleton) was laid out, when the real window
 * was in it, when the first lesson was rendered, when a button of the real window could first be pressed, and when
 * the Kubernetes sandbox was running, and the resident memory then. Never on in normal use.
 */
final class StartupProbe {
    private StartupProbe() {
    }

    static void attach(MainViewModel vm, javafx.scene.Scene scene) {
        print("window-shown");
        // the first Button of the real window a learner can press (enabled and shown), once the course is open
        Runnable[] usable = new Runnable[1];
        usable[0] = () -> {
            if (vm.courseProperty().get() != null && scene.getRoot().lookupAll(".button").stream()
                    .anyMatch(n -> n instanceof javafx.scene.control.Button b && !b.isDisabled() && b.isVisible()
                            && b.getScene() != null && visibleUpwards(b) && b.getWidth() > 0)) {
                scene.removePostLayoutPulseListener(usable[0]);
                Platform.runLater(() -> print("button-usable"));
            }
        };
        scene.addPostLayoutPulseListener(usable[0]);
        vm.courseProperty().addListener((o, a, c) -> {
            if (a == null && c != null) {
                print("course-loaded");
            }
        });
        vm.lesson().lessonProperty().addListener((o, a, lesson) -> {
            if (a == null && lesson != null) {
                // after the scene graph of the lesson was laid out and drawn once
                Platform.runLater(() -> Platform.runLater(() -> print("lesson-rendered")));
            }
        });
        vm.status().kubernetesProperty().addListener((o, a, s) -> {
            if (s.state() == SandboxStatus.State.RUNNING && (a == null || a.state() != SandboxStatus.State.RUNNING)) {
                print("sandbox-running " + s.type());
            }
        });
    }

    private static boolean visibleUpwards(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    static void print(String what) {
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("orchlab-startup " + what + " ms=" + ms + " rss-kb=" + rssKb());
        System.out.flush();
    }

    private static long rssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
