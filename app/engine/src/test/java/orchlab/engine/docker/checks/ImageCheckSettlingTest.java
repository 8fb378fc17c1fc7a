package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.docker.CheckSpecs;
import orchlab.engine.docker.DockerClients;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.DockerBuilds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code docker-image} check of an image that does not exist, or exists built otherwise, settles at once unless the
 * lab is building it. The engine here is a fake on loopback that answers as Docker answers for an unknown image (404
 * with a message), or with a built image's inspect and history once a test gives it one, so the test needs no Docker.
 */
class ImageCheckSettlingTest {
    private static final String IMAGE = "orchlab/hello-py:1.0";

    @TempDir
    Path dir;
    private HttpServer engine;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private DockerAccess access;
    private PreparedCheck check;
    /** what the fake engine answers for the image's inspect; null: 404 as for an unknown image */
    private volatile String builtImage;

    @BeforeEach
    void startFakeEngine() throws Exception {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(exchange.getRequestMethod() + " " + path);
            String image = builtImage;
            boolean found = image != null && (path.endsWith("/json") || path.endsWith("/history"));
            byte[] body = (!found ? "{\"message\":\"No such image: orchlab/hello-py:1.0\"}"
                    : path.endsWith("/history") ? "[]" : image).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(found ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        String host = "tcp://127.0.0.1:" + engine.getAddress().getPort();
        access = new DockerAccess(DockerClients.open(host, Duration.ofSeconds(5)), host, "localhost");
        check = CheckSpecs.prepare(new DockerImageCheckKind(), "checks:\n  - kind: docker-image\n    image: " + IMAGE + "\n"
                + "    cmd: exec-form\n"
                + "    cel:\n      - expr: \"'8000/tcp' in image.Config.ExposedPorts\"\n        field: Config.ExposedPorts\n");
    }

    @AfterEach
    void stopFakeEngine() throws Exception {
        access.client().close();
        engine.stop(0);
    }

    @Test
    void aMissingImageThatTheLabIsNotBuildingFailsAtOnceSayingWhyAndWhatToDo() throws Exception {
        Outcome outcome = check.attempt(CheckSpecs.context(dir, access));

        assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
        assertThat(outcome.message()).isEqualTo("image " + IMAGE + " not found — build it with docker build -t " + IMAGE
                + " . (or the Build button)");
        assertThat(outcome.convergence().isSettled()).isTrue();
        assertThat(outcome.convergence().why()).startsWith("the lab is not building image " + IMAGE);
        assertThat(asked).anyMatch(request -> request.startsWith("GET ") && request.endsWith("/images/" + IMAGE + "/json"));
    }

    @Test
    void aMissingImageKeepsTheCheckWaitingWhileTheLabBuildsItAndSettlesWhenTheBuildIsOver() throws Exception {
        Outcome whileBuilding;
        try (DockerBuilds.Running build = access.builds().started(IMAGE)) {
            whileBuilding = check.attempt(CheckSpecs.context(dir, access));
        }
        Outcome afterwards = check.attempt(CheckSpecs.context(dir, access));

        assertThat(whileBuilding.convergence()).isEqualTo(Convergence.converging("the lab is building image " + IMAGE));
        assertThat(afterwards.convergence().isSettled()).isTrue();
    }

    @Test
    void aBuildOfAnotherTagDoesNotKeepTheCheckWaiting() throws Exception {
        try (DockerBuilds.Running build = access.builds().started("orchlab/hello-py:2.0")) {
            assertThat(check.attempt(CheckSpecs.context(dir, access)).convergence().isSettled()).isTrue();
        }
    }

    /** built without EXPOSE 8000: what the fake engine answers for the image's inspect */
    private static final String WITHOUT_EXPOSE = "{\"Id\":\"sha256:0123\",\"RepoTags\":[\"" + IMAGE + "\"],"
            + "\"Config\":{\"Cmd\":[\"python\",\"app.py\"],\"ExposedPorts\":{}}}";

    @Test
    void anImageBuiltOtherwiseThatTheLabIsNotBuildingFailsAtOnceNamingTheField() throws Exception {
        builtImage = WITHOUT_EXPOSE;

        Outcome outcome = check.attempt(CheckSpecs.context(dir, access));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(outcome.failures()).extracting(f -> f.path()).containsExactly("Config.ExposedPorts");
        assertThat(outcome.convergence().isSettled()).isTrue();
        assertThat(outcome.convergence().why()).startsWith("the lab is not building image " + IMAGE);
    }

    @Test
    void anImageBuiltOtherwiseKeepsTheCheckWaitingWhileTheLabBuildsItAgain() throws Exception {
        builtImage = WITHOUT_EXPOSE;
        Outcome whileBuilding;
        try (DockerBuilds.Running build = access.builds().started(IMAGE)) {
            whileBuilding = check.attempt(CheckSpecs.context(dir, access));
        }

        assertThat(whileBuilding).isInstanceOf(Outcome.Failed.class);
        assertThat(whileBuilding.convergence()).isEqualTo(Convergence.converging("the lab is building image " + IMAGE));
    }

    @Test
    void anImageBuiltAsExpectedPasses() throws Exception {
        builtImage = WITHOUT_EXPOSE.replace("\"ExposedPorts\":{}", "\"ExposedPorts\":{\"8000/tcp\":{}}");

        assertThat(check.attempt(CheckSpecs.context(dir, access)).passed()).isTrue();
    }

    @Test
    void aNameWithoutTagIsTheLatestTagAndTwoBuildsOfOneTagRunUntilBothAreOver() {
        DockerBuilds builds = new DockerBuilds();
        DockerBuilds.Running first = builds.started("orchlab/web");
        DockerBuilds.Running second = builds.started("orchlab/web:latest");

        first.close();
        boolean afterFirst = builds.building("Orchlab/Web:latest");
        second.close();

        assertThat(afterFirst).isTrue();
        assertThat(builds.building("orchlab/web")).isFalse();
    }
}
