package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.course.Exercise;
import orchlab.engine.docker.checks.DockerComposeCheckKind;
import orchlab.engine.docker.checks.DockerHttpCheckKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.sandbox.LabLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Compose project (web built from the sample app FROM the python stand-in, db from the postgres stand-in
 * with a named volume) applied by the Docker driver with the learner's Compose, then checked through the
 * labels Compose puts on what it creates.
 */
class DockerComposeIT {
    static DockerTestEngine docker;
    static Exercise exercise;
    static String project;
    static String webImage;
    static Path dir;
    static int port;
    static final DockerExerciseDriver driver = new DockerExerciseDriver();

    @BeforeAll
    static void up() throws Exception {
        docker = DockerTestEngine.connect();
        Assumptions.assumeTrue(ComposeCli.find().isPresent(), "Docker Compose not installed (neither `docker compose` nor `docker-compose`)");
        docker.ensureStandIn("python:3.12-slim");
        docker.ensureStandIn("postgres:16");
        project = "orchlab-it-shop-" + docker.exerciseId().substring(3);
        webImage = docker.image("orchlab-it/shop-web:" + docker.exerciseId());
        port = DockerTestEngine.freePort();
        dir = docker.tempDir();
        DockerTestEngine.copyTree(DockerTestEngine.repositoryRoot().resolve("exercises/docker-build-run/solution"), dir);
        Files.writeString(dir.resolve("compose.yaml"), """
                version: "3.8"
                services:
                  db:
                    image: postgres:16
                    environment:
                      POSTGRES_PASSWORD: example
                      POSTGRES_DB: shop
                    volumes:
                      - pgdata:/var/lib/postgresql/data
                  web:
                    build: .
                    image: %s
                    ports: ["%d:8000"]
                    environment:
                      DB_HOST: db
                    depends_on: [db]
                volumes:
                  pgdata: {}
                """.formatted(webImage, port));
        exercise = ExerciseFiles.withRecipe(docker.exerciseId(), dir, """
                docker:
                  compose: {file: compose.yaml, project: %s}
                  cleanup: {images: ["%s"]}
                """.formatted(project, webImage));
        var result = driver.apply(exercise, dir, target(), (f, m) -> { });
        assertThat(result.errors()).isEmpty();
        assertThat(result.lines()).containsExactly("compose project " + project + " is up");
    }

    @AfterAll
    static void down() throws Exception {
        if (exercise != null) {
            driver.reset(exercise, target(), (f, m) -> { });
        }
        if (docker != null) {
            docker.close();
        }
    }

    static ExerciseDriver.ExerciseTarget target() {
        return new ExerciseDriver.ExerciseTarget(new FixedDockerSandbox(docker.access()), exercise.id());
    }

    private static CheckContext context() {
        return CheckSpecs.context(dir, docker.access());
    }

    @Test
    void theProjectPassesWhenServicesVolumesAndOrderAreAsExpected() throws Exception {
        Outcome outcome = Eventually.passes(CheckSpecs.prepare(new DockerComposeCheckKind(), """
                checks:
                  - kind: docker-compose
                    project: %s
                    services:
                      db:
                        env: {POSTGRES_DB: shop}
                        mounts: ["pgdata:/var/lib/postgresql/data"]
                      web:
                        state: running
                        count: 1
                        ports: ["%d:8000"]
                        env: {DB_HOST: db}
                        networks: [default]
                        startedAfter: [db]
                    volumes: [pgdata]
                """.formatted(project, port)), context());
        Outcome http = Eventually.passes(CheckSpecs.prepare(new DockerHttpCheckKind(),
                "checks:\n  - kind: docker-http\n    hostPort: " + port + "\n    bodyContains: Hello from OrchLab\n"), context());

        assertThat(outcome.passed()).as(outcome.message() + " " + outcome.failures()).isTrue();
        assertThat(outcome.message()).isEqualTo("compose project " + project + " runs db, web with volumes pgdata");
        assertThat(http.passed()).as(http.message()).isTrue();
    }

    @Test
    void reportsEachServiceFieldWithItsServiceName() throws Exception {
        Outcome outcome = CheckSpecs.prepare(new DockerComposeCheckKind(), """
                checks:
                  - kind: docker-compose
                    project: %s
                    services:
                      web:
                        env: {DB_HOST: database}
                        user: non-root
                      cache: {}
                    volumes: [redisdata]
                """.formatted(project)).attempt(context());

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.location()).isEqualTo("compose project " + project);
        assertThat(outcome.failures()).extracting(FieldFailure::describe).containsExactly(
                "services.web.Config.Env[DB_HOST]: expected database, found db",
                "services.cache: expected a container of service cache (the project has db, web), not set",
                "volumes.redisdata: expected volume " + project + "_redisdata created by Compose, not set");
    }

    @Test
    void theLabLabelsEverythingComposeCreated() {
        var containers = docker.access().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("com.docker.compose.project=" + project)).exec();

        assertThat(containers).hasSize(2).allSatisfy(c -> assertThat(c.getLabels())
                .containsEntry(LabLabels.DOCKER_EXERCISE, exercise.id()).containsEntry(LabLabels.DOCKER_MANAGED, "true"));
    }

    @Test
    void anUnknownProjectIsNotFound() throws Exception {
        Outcome outcome = CheckSpecs.prepare(new DockerComposeCheckKind(),
                "checks:\n  - kind: docker-compose\n    project: nothing-" + project + "\n    services: {web: {}}\n").attempt(context());

        assertThat(outcome.notFound()).isTrue();
    }
}
