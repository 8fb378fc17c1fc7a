package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import orchlab.engine.sandbox.ProgressListener;

/**
 * Runs Docker Compose ({@code docker compose} v2, else {@code docker-compose} v1) against the sandbox's
 * engine. Compose is a CLI, not an engine API, so the lab runs the learner's own Compose, the way they
 * would. A generated override file adds the lab's labels to every service, so the lab can find and remove
 * what Compose created; checks read the {@code com.docker.compose.*} labels Compose sets itself.
 */
final class ComposeCli {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long CEILING_MINUTES = 30;
    private static final int KEPT_LINES = 400;
    private static final long READER_GRACE_MILLIS = 5_000;

    private ComposeCli() {
    }

    /** The Compose command that works here, if any. */
    static Optional<List<String>> find() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> cmd = new ArrayList<>(candidate);
            cmd.add("version");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * {@code compose -p project -f file -f labels.yaml up -d --build --remove-orphans} in {@code dir}.
     * Returns the output lines; the error, if any, is the last line of {@code errors}.
     */
    static boolean up(Path dir, DockerRecipe.Compose compose, String dockerHost, Map<String, String> labels,
                      ProgressListener progress, List<String> lines, List<String> errors) throws InterruptedException {
        Optional<List<String>> command = find();
        if (command.isEmpty()) {
            errors.add("Docker Compose is not installed — install the Docker Compose plugin (or docker-compose) and try again");
            return false;
        }
        Path file = dir.resolve(compose.file());
        if (!Files.isRegularFile(file)) {
            errors.add(compose.file() + " not found");
            return false;
        }
        orchlab.engine.yaml.YamlDoc doc;
        try {
            long size = Files.size(file);
            if (size > orchlab.engine.yaml.YamlDoc.MAX_CODE_POINTS) {
                errors.add(compose.file() + ": the Compose file is too large (" + size + " bytes)");
                return false;
            }
            doc = orchlab.engine.yaml.YamlDoc.parse(compose.file(), Files.readString(file));
        } catch (orchlab.engine.yaml.YamlSyntaxException e) {
            errors.add(e.location() + ": " + e.getMessage());
            return false;
        } catch (IOException e) {
            errors.add(compose.file() + ": cannot read: " + e.getMessage());
            return false;
        }
        List<String> refused = DockerConfinement.composeProblems(dir, doc);
        if (!refused.isEmpty()) {
            errors.addAll(refused);
            return false;
        }
        Path override = null;
        try {
            override = labelOverride(doc.root(), labels);
            List<String> cmd = new ArrayList<>(command.get());
            cmd.addAll(List.of("-p", compose.project(), "-f", file.toString(), "-f", override.toString(),
                    "up", "-d", "--build", "--remove-orphans"));
            Map<String, String> env = Map.of("DOCKER_HOST", dockerHost, "COMPOSE_DOCKER_CLI_BUILD", "0", "DOCKER_BUILDKIT", "0");
            Finished run = run(cmd, dir, env, Duration.ofMinutes(CEILING_MINUTES), progress);
            if (run.exitCode().isEmpty()) {
                errors.add("docker compose up did not finish within " + CEILING_MINUTES + " minutes (stopped)");
                return false;
            }
            if (run.exitCode().getAsInt() != 0) {
                errors.add(compose.file() + ": docker compose up failed: " + failure(run.output(), run.exitCode().getAsInt()));
                return false;
            }
            lines.add("compose project " + compose.project() + " is up");
            return true;
        } catch (IOException e) {
            errors.add(compose.file() + ": cannot run docker compose: " + e.getMessage());
            return false;
        } finally {
            if (override != null) {
                try {
                    Files.deleteIfExists(override);
                    Files.deleteIfExists(override.getParent());
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    /** How a command ended: its exit code (empty when it ran past its ceiling and was stopped) and its last lines. */
    record Finished(OptionalInt exitCode, List<String> output) {
    }

    /**
     * Runs a command with its output (both streams) read on another thread, so that a command that stops printing
     * but never ends is stopped at {@code ceiling}, and an interrupt (the learner's Cancel) stops it at once. Keeps
     * the last {@value #KEPT_LINES} lines; every line goes to {@code progress}.
     */
    static Finished run(List<String> cmd, Path dir, Map<String, String> env, Duration ceiling, ProgressListener progress)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        ArrayDeque<String> output = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        if (output.size() == KEPT_LINES) {
                            output.removeFirst();
                        }
                        output.addLast(line);
                    }
                    progress.progress(-1, line);
                }
            } catch (IOException e) {
                // the process was stopped; what it printed so far is kept
            }
        }, "compose-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(ceiling.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                reader.join(READER_GRACE_MILLIS);
                return new Finished(OptionalInt.empty(), snapshot(output));
            }
            reader.join(READER_GRACE_MILLIS);
            return new Finished(OptionalInt.of(p.exitValue()), snapshot(output));
        } catch (InterruptedException e) {
            stop(p);
            throw e;
        }
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static List<String> snapshot(ArrayDeque<String> output) {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * The line of Compose's output that says why {@code up} failed. Compose v1 ends an invalid file's report with a
     * pointer to the file-format docs, and v2 and the builder print progress after the cause, so the last line is
     * often not the reason: an "is invalid because:" report gives its reasons, else the last error line, else the
     * last line.
     */
    static String failure(List<String> output, int exitCode) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).contains("is invalid because:")) {
                List<String> reasons = new ArrayList<>();
                for (int j = i + 1; j < output.size() && !output.get(j).isBlank(); j++) {
                    reasons.add(output.get(j).trim());
                }
                if (!reasons.isEmpty()) {
                    return String.join("; ", reasons);
                }
            }
        }
        for (int i = output.size() - 1; i >= 0; i--) {
            String line = output.get(i).trim();
            if (line.regionMatches(true, 0, "error", 0, 5)) {
                return line;
            }
        }
        return output.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::trim)
                .orElse("exit code " + exitCode);
    }

    /**
     * An override file giving every service, declared volume and network of the Compose file (and the project's
     * default network) the lab's labels, so reset can tell them from objects the lab did not create.
     */
    static Path labelOverride(JsonNode root, Map<String, String> labels) throws IOException {
        ObjectNode out = YAML.createObjectNode();
        if (root != null && root.has("version")) {
            out.set("version", root.get("version"));
        }
        ObjectNode services = out.putObject("services");
        JsonNode declared = root == null ? null : root.get("services");
        if (declared != null && declared.isObject()) {
            declared.fieldNames().forEachRemaining(name -> {
                ObjectNode l = services.putObject(name).putObject("labels");
                labels.forEach(l::put);
            });
        }
        for (String section : List.of("volumes", "networks")) {
            JsonNode top = root == null ? null : root.get(section);
            ObjectNode owned = YAML.createObjectNode();
            if (top != null && top.isObject()) {
                top.fieldNames().forEachRemaining(name -> {
                    ObjectNode l = owned.putObject(name).putObject("labels");
                    labels.forEach(l::put);
                });
            }
            if (section.equals("networks") && !owned.has("default")) {
                ObjectNode l = owned.putObject("default").putObject("labels");
                labels.forEach(l::put);
            }
            if (!owned.isEmpty()) {
                out.set(section, owned);
            }
        }
        Path dir = Files.createTempDirectory("orchlab-compose");
        Path override = dir.resolve("orchlab-labels.yaml");
        YAML.writeValue(override.toFile(), out);
        return override;
    }
}
