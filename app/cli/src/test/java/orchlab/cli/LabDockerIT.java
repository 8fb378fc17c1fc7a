package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.course.Exercise;
import orchlab.engine.docker.DockerTestEngine;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The built-in Docker exercise through the {@code lab} command against the real engine: {@code lab course test}
 * builds, runs and checks it; {@code lab check --docker-host} reads the engine it is given. Skips with the reason
 * when no Docker engine answers.
 */
class LabDockerIT {
    static DockerTestEngine docker;
    static Lab lab;
    static Exercise exercise;

    @TempDir
    Path home;

    @BeforeAll
    static void engine() throws Exception {
        docker = DockerTestEngine.connect();
        docker.ensureStandIn("python:3.12-slim");
        lab = Lab.standard();
        exercise = lab.loadCourse(Repo.root()).course().orElseThrow().exercise("docker-build-run").orElseThrow();
    }

    @AfterAll
    static void close() throws Exception {
        if (docker != null) {
            if (exercise != null) {
                try (Sandbox sandbox = openDocker(docker.engine().endpoint().host())) {
                    lab.reset(exercise, sandbox, exercise.namespace(), ProgressListener.NONE);
                }
            }
            docker.close();
        }
    }

    private static Sandbox openDocker(String host) throws Exception {
        return lab.providers().find("docker").orElseThrow()
                .open(SandboxOptions.defaults(Path.of(System.getProperty("java.io.tmpdir"))).withDockerHost(host), ProgressListener.NONE);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext() {
            @Override
            public LabDirs dirs() {
                return LabDirs.under(home);
            }

            @Override
            public Path defaultCourse() {
                return Repo.root();
            }
        };
        CommandLine cl = LabCommand.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void courseTestBuildsRunsAndChecksTheDockerExerciseAndExitsZero() {
        Run run = lab("course", "test", "--exercise", "docker-build-run", "--docker-host", docker.engine().endpoint().host());

        assertThat(run.exit()).as(run.out() + "\n" + run.err()).isZero();
        assertThat(run.out()).contains("Docker sandbox: " + docker.engine().product())
                .containsPattern("docker-build-run +fails 0/4 +passes 4/4 +ok")
                .contains("1 ok, 0 failed, 0 skipped");
        assertThat(run.err()).as("the build log is streamed while it runs").contains("Step 1/", "Successfully tagged orchlab/hello-py:1.0");
    }

    @Test
    void checkReadsTheEngineNamedByDockerHost() throws Exception {
        String host = docker.engine().endpoint().host();
        try (Sandbox sandbox = openDocker(host)) {
            lab.reset(exercise, sandbox, exercise.namespace(), ProgressListener.NONE);
            var applied = lab.apply(exercise, sandbox, exercise.namespace(), exercise.solutionDir(), ProgressListener.NONE);
            assertThat(applied.errors()).isEmpty();
        }

        Run run = lab("check", "docker-build-run", "--docker-host", host, "-o", "json", "--timeout", "30s",
                "--workspace", exercise.solutionDir().toString());

        assertThat(run.exit()).as(run.out() + "\n" + run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.at("/score/passed").asInt()).isEqualTo(4);
        assertThat(report.get("checks")).anySatisfy(c -> assertThat(c.get("location").asText()).isEqualTo("container hello-py"));
        try (Sandbox sandbox = openDocker(host)) {
            lab.reset(exercise, sandbox, exercise.namespace(), ProgressListener.NONE);
        }
    }
}
