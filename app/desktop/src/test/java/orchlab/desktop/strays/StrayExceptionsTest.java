package orchlab.desktop.strays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.application.Platform;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.JRE;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The suite fails on exceptions that escape: each case runs one test of {@link Escapes} through the JUnit Platform
 * launcher (as Maven runs the suite, with extension auto-detection from {@code junit-platform.properties}) and reads
 * whether that test passed and with what message.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+")
class StrayExceptionsTest {
    /** Whether {@link Escapes} runs: only inside these tests' own launcher runs, never in the suite itself. */
    private static volatile boolean running;

    static boolean inANestedRun() {
        return running;
    }

    @Test
    void anExceptionThrownOnTheFxThreadFailsTheTestThatWasRunningWithItsFirstLines() {
        TestExecutionResult result = run("throwsOnTheFxThread");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow().getMessage())
                .contains("uncaught on thread \"JavaFX Application Thread\"")
                .contains("java.lang.IllegalStateException: a runnable on the FX thread went wrong")
                .contains("\tat orchlab.desktop.strays.StrayExceptionsTest$Escapes.");
    }

    @Test
    void anExceptionUncaughtOnTheAppsOwnThreadFailsTheTest() {
        TestExecutionResult result = run("throwsOnAThreadOfItsOwn");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow().getMessage())
                .contains("uncaught on thread \"sandbox-worker\"")
                .contains("java.io.UncheckedIOException: java.io.IOException: the sandbox went away");
    }

    @Test
    void anExceptionTheAppLogsAtErrorFailsTheTest() {
        TestExecutionResult result = run("logsAnException");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow().getMessage())
                .contains("logged at ERROR by orchlab.sim.SomeController (\"reconcile failed\")")
                .contains("java.lang.IllegalArgumentException: no such field");
    }

    @Test
    void aStackTracePrintedOnSystemErrFailsTheTestAsTheRenderThreadsDo() {
        TestExecutionResult result = run("printsAStackTrace");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow().getMessage())
                .contains("printed on System.err")
                .contains("java.lang.IllegalArgumentException: a pixel buffer of the wrong size (as the render thread prints)");
    }

    @Test
    void anExceptionTheTestDeclaresPassesAndOnlyThatOne() {
        assertThat(run("throwsWhatItDeclares").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);

        TestExecutionResult other = run("declaresOneButThrowsAnother");
        assertThat(other.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(other.getThrowable().orElseThrow().getMessage()).contains("the Docker engine is not running")
                .doesNotContain("a runnable on the FX thread went wrong");
    }

    @Test
    void aWatchCutByTheLabClosingIsLetThroughButAWatchRefusedIsNot() {
        String reflector = "logged at ERROR by io.fabric8.kubernetes.client.informers.impl.cache.Reflector (\"{} failed for {}, will stop\")";
        Stray clientShutDown = Stray.of(reflector, new java.util.concurrent.CompletionException(
                new java.util.concurrent.RejectedExecutionException("rejected from ThreadPoolExecutor[Shutting down]")));
        Stray simStopped = Stray.of(reflector, new java.util.concurrent.CompletionException(
                new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake")));
        Stray closedBeforeAnswering = Stray.of(reflector, new java.util.concurrent.CompletionException(
                new java.io.IOException("HTTP/1.1 header parser received no bytes")));
        Stray refused = Stray.of(reflector, new IllegalStateException("Forbidden: pods is forbidden"));
        Stray otherIo = Stray.of(reflector, new java.io.IOException("Unexpected response code 403"));
        Stray elsewhere = Stray.of("logged at ERROR by orchlab.engine.live.NamespaceWatch (\"x\")",
                new java.util.concurrent.RejectedExecutionException("rejected"));

        assertThat(StrayExceptions.watchCutAtShutdown(clientShutDown)).isTrue();
        assertThat(StrayExceptions.watchCutAtShutdown(simStopped)).isTrue();
        assertThat(StrayExceptions.watchCutAtShutdown(closedBeforeAnswering)).isTrue();
        assertThat(StrayExceptions.watchCutAtShutdown(refused)).isFalse();
        assertThat(StrayExceptions.watchCutAtShutdown(otherIo)).isFalse();
        assertThat(StrayExceptions.watchCutAtShutdown(elsewhere)).isFalse();
    }

    @Test
    void aLookedUpColourJavaFxCannotResolveFailsTheTestWithTheRuleAndWhereTheNodeWasStyled() {
        TestExecutionResult result = run("stylesALabelWithAnUndefinedColour");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow().getMessage())
                .contains("logged at WARNING by javafx.css (JavaFX CSS)")
                .contains("UnresolvedLookup: Could not resolve '-color-not-in-any-theme-")
                .contains("' while resolving lookups for '-fx-text-fill'")
                .contains("\tat orchlab.desktop.strays.StrayExceptionsTest$Escapes.");
        assertThat(run("declaresTheUndefinedColour").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void aTestWithoutEscapesPasses() {
        assertThat(run("escapesNothing").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    private static TestExecutionResult run(String method) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Escapes.class, method))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        running = true;
        try {
            LauncherFactory.create().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest()) {
                        results.put(id.getDisplayName(), result);
                    }
                }
            });
        } finally {
            running = false;
        }
        assertThat(results).as("the nested run ran " + method).containsKey(method + "()");
        return results.get(method + "()");
    }

    /** Tests that let exceptions escape; they run only inside {@link StrayExceptionsTest}'s launcher runs. */
    @EnabledIf("orchlab.desktop.strays.StrayExceptionsTest#inANestedRun")
    static class Escapes {
        @Test
        void throwsOnTheFxThread() throws Exception {
            FxToolkit.registerPrimaryStage();
            Platform.runLater(() -> {
                throw new IllegalStateException("a runnable on the FX thread went wrong");
            });
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.clearExceptions(); // TestFX's own collection would report it at its next call
        }

        @Test
        void throwsOnAThreadOfItsOwn() throws Exception {
            Thread worker = new Thread(() -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("the sandbox went away"));
            }, "sandbox-worker");
            worker.start();
            worker.join();
        }

        @Test
        void logsAnException() {
            org.slf4j.LoggerFactory.getLogger("orchlab.sim.SomeController")
                    .error("reconcile failed", new IllegalArgumentException("no such field"));
        }

        @Test
        void printsAStackTrace() throws Exception {
            // what JavaFX's UploadingPainter does with what it catches on the render thread (the words differ from
            // Monocle's real "Too small int buffer", so that the suite's output has none of those)
            Thread render = new Thread(() -> new IllegalArgumentException(
                    "a pixel buffer of the wrong size (as the render thread prints)").printStackTrace(System.err), "QuantumRenderer-0");
            render.start();
            render.join();
            System.err.println("the next line");
        }

        @Test
        @ExpectsLoggedException(type = IllegalStateException.class, message = "went wrong", because = "this test throws it")
        void throwsWhatItDeclares() throws Exception {
            throwsOnTheFxThread();
        }

        @Test
        @ExpectsLoggedException(type = IllegalStateException.class, message = "went wrong", because = "this test throws it")
        void declaresOneButThrowsAnother() throws Exception {
            throwsOnTheFxThread();
            Thread worker = new Thread(() -> {
                throw new IllegalStateException("the Docker engine is not running");
            }, "docker-probe");
            worker.start();
            worker.join();
        }

        /** Each run its own colour name: JavaFX caches what a style resolved to and would not log it twice. */
        private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

        @Test
        void stylesALabelWithAnUndefinedColour() throws Exception {
            FxToolkit.registerPrimaryStage();
            // TestFX would throw what an earlier nested test left uncaught on its thread at the next async call
            WaitForAsyncUtils.clearExceptions();
            String colour = "-color-not-in-any-theme-" + RUNS.incrementAndGet();
            String sheet = "data:text/css;base64," + java.util.Base64.getEncoder().encodeToString(
                    (".undefined-colour { -fx-text-fill: " + colour + "; }").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            WaitForAsyncUtils.asyncFx(() -> {
                javafx.scene.control.Label label = new javafx.scene.control.Label("styled");
                label.getStyleClass().add("undefined-colour");
                javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.layout.StackPane(label), 100, 40);
                scene.getStylesheets().add(sheet);
                javafx.stage.Stage stage = new javafx.stage.Stage();
                stage.setScene(scene);
                stage.show();
                label.applyCss();
                stage.hide();
            }).get();
        }

        @Test
        @ExpectsLoggedException(type = UnresolvedLookup.class, message = "-color-not-in-any-theme", because = "this test styles it")
        void declaresTheUndefinedColour() throws Exception {
            stylesALabelWithAnUndefinedColour();
        }

        @Test
        void escapesNothing() throws Exception {
            FxToolkit.registerPrimaryStage();
            Platform.runLater(() -> { });
            WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
