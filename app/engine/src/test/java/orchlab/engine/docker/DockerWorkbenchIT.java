package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Build, run, logs, stop and clean-up against the real engine, from images made FROM scratch with busybox. */
class DockerWorkbenchIT {
    static DockerTestEngine docker;
    static DockerWorkbench bench;

    static final String WEB = """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN mkdir -p /www && echo "hello from busybox" > /www/index.html
            EXPOSE 8000
            CMD ["httpd", "-f", "-v", "-p", "8000", "-h", "/www"]
            """;

    @BeforeAll
    static void engine() {
        docker = DockerTestEngine.connect();
        bench = new DockerWorkbench(docker.access());
    }

    @AfterAll
    static void close() {
        if (bench != null) {
            bench.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    private static DockerWorkbench.BuildResult build(String tag, String dockerfile, List<String> progress) throws Exception {
        var context = docker.busyboxContext(dockerfile);
        return docker.built(bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"), docker.image(tag), Map.of(),
                Optional.empty(), docker.labels()), (fraction, message) -> progress.add(message)));
    }

    @Test
    void buildsStreamingEachStepAndLabelsTheImage() throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        var result = build(docker.name("web") + ":1", WEB, progress);

        assertThat(result.ok()).as(String.join("\n", result.log())).isTrue();
        assertThat(result.imageId()).isPresent();
        // the engine adds the labels as extra steps after the Dockerfile's own
        assertThat(progress).anyMatch(l -> l.matches("Step 1/\\d+ : FROM scratch"))
                .anyMatch(l -> l.matches("Step 6/\\d+ : CMD \\[\"httpd\", \"-f\", \"-v\", \"-p\", \"8000\", \"-h\", \"/www\"]"));
        var labels = docker.access().client().inspectImageCmd(result.tag()).exec().getConfig().getLabels();
        assertThat(labels).containsEntry(LabLabels.DOCKER_EXERCISE, docker.exerciseId()).containsEntry(LabLabels.DOCKER_MANAGED, "true");
    }

    @Test
    void interruptingTheBuildingThreadCancelsTheBuild() throws Exception {
        var context = docker.busyboxContext("""
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "sleep", "600"]
                CMD ["sh"]
                """);
        java.util.concurrent.CountDownLatch sleeping = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread builder = new Thread(() -> {
            try {
                bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"), docker.image(docker.name("slow") + ":1"),
                        Map.of(), Optional.empty(), docker.labels()), (fraction, message) -> {
                            if (message.contains("sleep")) {
                                sleeping.countDown();
                            }
                        });
                ended.set(new AssertionError("the build finished instead of being cancelled"));
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "slow-build");
        builder.start();
        assertThat(sleeping.await(90, java.util.concurrent.TimeUnit.SECONDS)).as("the build reached its slow step").isTrue();

        builder.interrupt();
        builder.join(60_000);

        assertThat(builder.isAlive()).as("build() returned after the interrupt (a 600 s step was running)").isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aFailingStepIsReportedAtItsDockerfileLine() throws Exception {
        var result = build(docker.name("broken") + ":1", """
                FROM scratch
                COPY busybox /bin/busybox

                RUN ["/bin/busybox", "false"]
                CMD ["sh"]
                """, new ArrayList<>());

        assertThat(result.ok()).isFalse();
        assertThat(result.errorLine()).isEqualTo(4);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("returned a non-zero code: 1"));
    }

    @Test
    void aMissingBaseImageIsExplainedWithoutWaitingOnARegistry() throws Exception {
        var context = docker.busyboxContext("FROM orchlab-it-no-such-image/" + docker.name("x") + ":1\nCMD [\"sh\"]\n");

        var result = bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"), docker.image(docker.name("nobase") + ":1"),
                Map.of(), Optional.empty(), docker.labels()), ProgressListener.NONE);

        assertThat(result.ok()).isFalse();
        assertThat(result.errorLine()).isEqualTo(1);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).startsWith("the base image orchlab-it-no-such-image/"));
    }

    @Test
    void runsWithAPublishedPortStopsAndStartsAgain() throws Exception {
        var image = build(docker.name("run") + ":1", WEB, new ArrayList<>());
        int port = DockerTestEngine.freePort();
        String name = docker.container(docker.name("run"));

        var run = bench.run(new DockerWorkbench.RunRequest(name, image.tag(), List.of(new DockerRecipe.PortMapping("", port, 8000, "tcp")),
                Map.of("GREETING", "hi"), List.of(), Optional.empty(), List.of(), Optional.empty(), docker.labels()), ProgressListener.NONE);

        assertThat(run.ok()).as(run.error().orElse("")).isTrue();
        String body = awaitBody(port);
        assertThat(body).isEqualTo("hello from busybox\n");
        var inspect = docker.access().client().inspectContainerCmd(name).exec();
        assertThat(inspect.getConfig().getLabels()).containsEntry(LabLabels.DOCKER_EXERCISE, docker.exerciseId());
        assertThat(inspect.getConfig().getEnv()).contains("GREETING=hi");

        bench.stop(name, Duration.ofSeconds(2));
        assertThat(docker.access().client().inspectContainerCmd(name).exec().getState().getRunning()).isFalse();
        bench.start(name);
        assertThat(awaitBody(port)).isEqualTo("hello from busybox\n");
        assertThat(bench.logs(name, 20)).anyMatch(l -> l.contains("response:200"));
    }

    @Test
    void runningAgainReplacesTheContainerOfTheSameName() throws Exception {
        var image = build(docker.name("again") + ":1", WEB, new ArrayList<>());
        String name = docker.container(docker.name("again"));
        var request = new DockerWorkbench.RunRequest(name, image.tag(), List.of(), Map.of(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), docker.labels());

        String first = bench.run(request, ProgressListener.NONE).containerId().orElseThrow();
        String second = bench.run(request, ProgressListener.NONE).containerId().orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThat(docker.access().client().listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec()).hasSize(1);
    }

    /** A workbench that records what it creates, as the exercise driver's does. */
    private static DockerWorkbench recording() throws Exception {
        return new DockerWorkbench(docker.access(), orchlab.engine.exercise.CreatedObjects.of(docker.tempDir(), "it"));
    }

    @Test
    void runningNeverReplacesAContainerOrMountsAVolumeTheLabDidNotCreate() throws Exception {
        DockerWorkbench bench = recording();
        var image = build(docker.name("foreign") + ":1", WEB, new ArrayList<>());
        var client = docker.access().client();
        String theirs = docker.container(docker.name("theirs"));
        String theirId = client.createContainerCmd(image.tag()).withName(theirs).exec().getId();
        String theirVolume = docker.volume(docker.name("their-data"));
        client.createVolumeCmd().withName(theirVolume).exec();

        var sameName = bench.run(new DockerWorkbench.RunRequest(theirs, image.tag(), List.of(), Map.of(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), docker.labels()), ProgressListener.NONE);
        var mountsTheirs = bench.run(new DockerWorkbench.RunRequest(docker.container(docker.name("thief")), image.tag(), List.of(), Map.of(),
                List.of(new DockerRecipe.Mount(theirVolume, "/loot", false)), Optional.empty(), List.of(), Optional.empty(), docker.labels()),
                ProgressListener.NONE);

        assertThat(sameName.error()).hasValueSatisfying(e -> assertThat(e).contains("container " + theirs + " already exists and the lab did not create it"));
        assertThat(client.inspectContainerCmd(theirs).exec().getId()).isEqualTo(theirId);
        assertThat(mountsTheirs.error()).hasValueSatisfying(e -> assertThat(e).contains("volume " + theirVolume + " already exists and the lab did not create it"));
    }

    @Test
    void runningAnImageThatWasNeverBuiltSaysSo() throws Exception {
        var result = bench.run(new DockerWorkbench.RunRequest(docker.container(docker.name("ghost")), "orchlab-it/never-built:1",
                List.of(), Map.of(), List.of(), Optional.empty(), List.of(), Optional.empty(), docker.labels()), ProgressListener.NONE);

        assertThat(result.error()).contains("image orchlab-it/never-built:1 does not exist on this machine — build it first");
    }

    @Test
    void cleanupRemovesOnlyWhatTheLabCreatedAndSaysWhatItKept() throws Exception {
        DockerWorkbench bench = recording();
        var image = build(docker.name("clean") + ":1", WEB, new ArrayList<>());
        String exercise = docker.exerciseId() + "-clean";
        var labels = LabLabels.forDockerExercise(exercise);
        String app = docker.container(docker.name("clean-app"));
        String volume = docker.volume(docker.name("clean-data"));
        String network = docker.network(docker.name("clean-net"));
        bench.run(new DockerWorkbench.RunRequest(app, image.tag(), List.of(), Map.of(), List.of(new DockerRecipe.Mount(volume, "/data", false)),
                Optional.of(network), List.of(), Optional.of("unless-stopped"), labels), ProgressListener.NONE);
        // a container the learner made by hand without labels, but that the exercise names in cleanup
        String byHand = docker.container(docker.name("clean-byhand"));
        docker.access().client().createContainerCmd(image.tag()).withName(byHand).exec();
        // and one that has nothing to do with the exercise
        String bystander = docker.container(docker.name("bystander"));
        docker.access().client().createContainerCmd(image.tag()).withName(bystander).exec();

        DockerRecipe recipe = new DockerRecipe(List.of(), List.of(), Optional.empty(),
                new DockerRecipe.Cleanup(List.of(byHand), List.of(), List.of(), List.of()));
        List<String> report = bench.removeExerciseObjects(exercise, recipe, ProgressListener.NONE);

        assertThat(report).contains("container " + app + " removed", "container " + byHand + " kept: the lab did not create it",
                "volume " + volume + " removed", "network " + network + " removed");
        var client = docker.access().client();
        assertThat(client.listContainersCmd().withShowAll(true).withNameFilter(List.of(byHand)).exec()).hasSize(1);
        assertThat(client.listContainersCmd().withShowAll(true).withNameFilter(List.of(bystander)).exec()).hasSize(1);
        assertThat(client.listContainersCmd().withShowAll(true).withNameFilter(List.of(app)).exec()).isEmpty();
        assertThat(client.inspectImageCmd(image.tag()).exec()).isNotNull();
    }

    private static String awaitBody(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] body = new String[1];
        Eventually.until("HTTP on port " + port, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                body[0] = r.body();
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return body[0];
    }
}
