package orchlab.cli.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated hostile packs run through {@code lab course validate} in a child JVM with {@code -Xmx512m}: each ends
 * in a located refusal, exit code 1, no stack trace. The hard timeout is a safety net for a hang, not the assertion.
 */
class HostilePackCliTest {
    private static final long SAFETY_NET_SECONDS = 180;

    @TempDir
    Path dir;

    /** name, file to change, text to find, replacement, expected location prefix, expected message part */
    static Stream<Arguments> packs() {
        StringBuilder bomb = new StringBuilder("x-bomb:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("  a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 5; i++) {
                bomb.append(i == 0 ? "" : ",").append("*a").append(level - 1);
            }
            bomb.append("]\n");
        }
        return Stream.of(
                Arguments.of("YAML alias fan-out", "exercises/k8s-deployment/exercise.yaml", "timeout: 20s", "timeout: 20s\n" + bomb,
                        "exercises/k8s-deployment/exercise.yaml:", "aliases expand to more than"),
                Arguments.of("200,000 duration parts", "exercises/k8s-deployment/exercise.yaml", "timeout: 20s", "timeout: " + "1s".repeat(200_000),
                        "exercises/k8s-deployment/exercise.yaml:14:", "'timeout' must be a duration"),
                Arguments.of("Namespace in setup", "exercises/k8s-service/setup/deployment.yaml", null,
                        "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n",
                        "exercises/k8s-service/setup/deployment.yaml:2:7", "Namespace default is refused"),
                Arguments.of("cluster-admin for anonymous in setup", "exercises/k8s-service/setup/deployment.yaml", null,
                        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: pwn}\n"
                                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n"
                                + "subjects: [{kind: User, name: \"system:anonymous\"}]\n",
                        "exercises/k8s-service/setup/deployment.yaml:2:7", "ClusterRoleBinding pwn is refused"),
                Arguments.of("API path in an http check's namespace", "exercises/k8s-service/exercise.yaml", "    path: /\n",
                        "    path: /\n    namespace: \"default/secrets/s?x=\"\n", "exercises/k8s-service/exercise.yaml:", "'namespace' must be a namespace name"),
                Arguments.of("NUL byte in a lesson path", "lessons/course.yaml", "      - kubernetes/services.md",
                        "      - \"kubernetes/serv\\0ices.md\"", "lessons/course.yaml:", "control character"),
                Arguments.of("Docker volume climbing out of the pack", "exercises/docker-build-run/exercise.yaml",
                        "    ports: [\"8000:8000\"]", "    ports: [\"8000:8000\"]\n    volumes: [\"./../../../../etc:/host\"]",
                        "exercises/docker-build-run/exercise.yaml:", "leads outside the workspace"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packs")
    void aHostilePackEndsInALocatedRefusalWithinBoundedMemory(String name, String file, String find, String replace, String where,
                                                              String message) throws Exception {
        Path pack = SamplePack.copyAllTo(dir.resolve("pack"));
        if (find == null) {
            Files.writeString(pack.resolve(file), replace);
        } else {
            SamplePack.replace(pack, file, find, replace);
        }

        Result result = runLab(List.of("course", "validate", pack.toString()));

        assertThat(result.exit).as(result.output).isEqualTo(1);
        assertThat(result.output).contains(where).contains(message);
        assertThat(result.output).doesNotContain("Exception", "\tat ", "OutOfMemoryError", "StackOverflowError", "internal error");
    }

    private record Result(int exit, String output) {
    }

    /** {@code lab} in a child JVM with a 512 MB heap, this test's class path, and a home of its own. */
    private Result runLab(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "orchlab.cli.Main"));
        cmd.addAll(args);
        Path log = dir.resolve("lab.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ORCHLAB_HOME", dir.resolve("home").toString());
        Process p = pb.start();
        if (!p.waitFor(SAFETY_NET_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("lab " + String.join(" ", args) + " was still running after " + SAFETY_NET_SECONDS
                    + " s (safety net): " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
