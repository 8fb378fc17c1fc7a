package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import orchlab.engine.course.Problems;
import orchlab.engine.course.Suggestions;
import orchlab.engine.yaml.Location;

/**
 * An exercise's {@code docker:} section: what "apply" builds and runs, and what "reset" removes.
 *
 * <pre>
 * docker:
 *   build:                          # one image, or a list of them
 *     context: .                    # directory, relative to what is applied (workspace or solution/); default .
 *     dockerfile: Dockerfile        # relative to context; default Dockerfile
 *     tag: orchlab/hello-py:1.0     # required
 *     args: {APP_VERSION: "1.0"}    # build arguments, optional
 *     target: runtime               # stage to build, optional
 *   run:                            # one container, or a list of them (started in order)
 *     name: hello-py                # required
 *     image: orchlab/hello-py:1.0   # required
 *     ports: ["8080:8000"]          # [ip:]hostPort:containerPort[/tcp|udp]
 *     env: {GREETING: hi}
 *     volumes: ["data:/app/data", "./html:/usr/share/nginx/html:ro"]   # named volume, or a path relative to what is applied
 *     network: hello-net            # created (labelled) when missing
 *     command: ["python", "app.py"] # overrides CMD, optional
 *     restart: unless-stopped       # no | always | unless-stopped | on-failure[:N]
 *   compose:                        # instead of, or besides, build/run: runs docker compose up -d --build
 *     file: compose.yaml            # relative to what is applied; default compose.yaml
 *     project: shop                 # required: the com.docker.compose.project the checks look for
 *   cleanup:                        # objects the learner makes by hand (terminal) that reset also removes
 *     containers: [scratchpad]
 *     images: [hello:dev]
 *     volumes: [scratch-data]
 *     networks: [scratch-net]
 * </pre>
 *
 * Everything apply creates carries {@code orchlab.managed=true} and {@code orchlab.exercise=<id>};
 * reset removes what carries them plus the objects named here (build tags, run names, volumes and
 * networks of run entries, the compose project, cleanup lists) — nothing else.
 */
public record DockerRecipe(List<Build> builds, List<Run> runs, Optional<Compose> compose, Cleanup cleanup) {

    public DockerRecipe {
        builds = List.copyOf(builds);
        runs = List.copyOf(runs);
    }

    public static final DockerRecipe EMPTY = new DockerRecipe(List.of(), List.of(), Optional.empty(),
            new Cleanup(List.of(), List.of(), List.of(), List.of()));

    public boolean isEmpty() {
        return builds.isEmpty() && runs.isEmpty() && compose.isEmpty();
    }

    /** One image to build. */
    public record Build(String context, String dockerfile, String tag, Map<String, String> args, Optional<String> target) {
    }

    /** One container to (re)create and start. */
    public record Run(String name, String image, List<PortMapping> ports, Map<String, String> env, List<Mount> volumes,
                      Optional<String> network, List<String> command, Optional<String> restart) {
    }

    /** A published port: {@code 127.0.0.1:8080:8000/tcp}. */
    public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
        public String containerKey() {
            return containerPort + "/" + protocol;
        }

        @Override
        public String toString() {
            return (hostIp.isEmpty() ? "" : hostIp + ":") + hostPort + "->" + containerKey();
        }
    }

    /** A volume: a named volume ({@code data}) or a directory relative to what is applied ({@code ./html}). */
    public record Mount(String source, String target, boolean readOnly) {
        public boolean isNamedVolume() {
            return !source.startsWith(".") && !source.startsWith("/");
        }
    }

    public record Compose(String file, String project) {
    }

    public record Cleanup(List<String> containers, List<String> images, List<String> volumes, List<String> networks) {
    }

    // ------------------------------------------------------------------ reading and validating

    private static final Set<String> TOP_KEYS = Set.of("build", "run", "compose", "cleanup");
    private static final Set<String> BUILD_KEYS = Set.of("context", "dockerfile", "tag", "args", "target");
    private static final Set<String> RUN_KEYS = Set.of("name", "image", "ports", "env", "volumes", "network", "command", "restart");
    private static final Set<String> COMPOSE_KEYS = Set.of("file", "project");
    private static final Set<String> CLEANUP_KEYS = Set.of("containers", "images", "volumes", "networks");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern PORT = Pattern.compile("(?:(\\d{1,3}(?:\\.\\d{1,3}){3}):)?(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");

    /** Reads the section, adding every mistake to {@code problems}; never throws. */
    public static DockerRecipe read(JsonNode section, Function<String, Location> locate, Problems problems) {
        if (section == null || section.isMissingNode() || section.isNull() || (section.isObject() && section.isEmpty())) {
            return EMPTY;
        }
        Reader r = new Reader(locate, problems);
        if (!section.isObject()) {
            problems.error(locate.apply(""), "docker: must be a mapping with build, run, compose or cleanup");
            return EMPTY;
        }
        r.keys(section, "", TOP_KEYS);
        List<Build> builds = new ArrayList<>();
        r.each(section.get("build"), "/build", (node, at) -> {
            r.keys(node, at, BUILD_KEYS);
            String tag = r.required(node, at, "tag");
            if (tag != null && !IMAGE.matcher(tag).matches()) {
                problems.error(locate.apply(at + "/tag"), "'" + tag + "' is not a valid image name",
                        "use lower-case name:tag, e.g. orchlab/hello-py:1.0");
            }
            String context = r.text(node, at, "context", ".");
            r.relative(context, at + "/context");
            String dockerfile = r.text(node, at, "dockerfile", "Dockerfile");
            r.relative(dockerfile, at + "/dockerfile");
            builds.add(new Build(context, dockerfile, tag == null ? "" : tag, r.stringMap(node, at, "args"),
                    Optional.ofNullable(r.text(node, at, "target", null))));
        });
        List<Run> runs = new ArrayList<>();
        Set<String> runNames = new java.util.HashSet<>();
        r.each(section.get("run"), "/run", (node, at) -> {
            r.keys(node, at, RUN_KEYS);
            String name = r.required(node, at, "name");
            if (name != null && !NAME.matcher(name).matches()) {
                problems.error(locate.apply(at + "/name"), "'" + name + "' is not a valid container name",
                        "use letters, digits, '_', '.' and '-', starting with a letter or digit");
            } else if (name != null && !runNames.add(name)) {
                problems.error(locate.apply(at + "/name"), "container name '" + name + "' is used twice", "");
            }
            String image = r.required(node, at, "image");
            List<PortMapping> ports = new ArrayList<>();
            List<String> portTexts = r.stringList(node, at, "ports");
            for (int i = 0; i < portTexts.size(); i++) {
                var m = PORT.matcher(portTexts.get(i));
                if (m.matches() && Integer.parseInt(m.group(2)) <= 65535 && Integer.parseInt(m.group(3)) <= 65535) {
                    ports.add(new PortMapping(m.group(1) == null ? "" : m.group(1), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), m.group(4) == null ? "tcp" : m.group(4)));
                } else {
                    problems.error(locate.apply(at + "/ports/" + i), "'" + portTexts.get(i) + "' is not a port mapping",
                            "write hostPort:containerPort, e.g. \"8080:8000\"");
                }
            }
            List<Mount> mounts = new ArrayList<>();
            List<String> volumeTexts = r.stringList(node, at, "volumes");
            for (int i = 0; i < volumeTexts.size(); i++) {
                String[] parts = volumeTexts.get(i).split(":");
                boolean ro = parts.length == 3 && parts[2].equals("ro");
                if ((parts.length == 2 || (parts.length == 3 && (ro || parts[2].equals("rw")))) && parts[1].startsWith("/")
                        && !parts[0].isEmpty() && !parts[0].startsWith("/")) {
                    if (!parts[0].startsWith(".") && !NAME.matcher(parts[0]).matches()) {
                        problems.error(locate.apply(at + "/volumes/" + i), "'" + parts[0] + "' is not a valid volume name", "");
                    } else if (parts[0].startsWith(".") && List.of(parts[0].split("[/\\\\]")).contains("..")) {
                        problems.error(locate.apply(at + "/volumes/" + i), "'" + parts[0] + "' leads outside the workspace",
                                "mount a folder inside the exercise's files, e.g. ./html");
                    }
                    mounts.add(new Mount(parts[0], parts[1], ro));
                } else {
                    problems.error(locate.apply(at + "/volumes/" + i), "'" + volumeTexts.get(i) + "' is not a volume",
                            "write name:/path/in/container or ./dir:/path/in/container, optionally :ro (absolute host paths are not allowed)");
                }
            }
            String restart = r.text(node, at, "restart", null);
            if (restart != null && !RESTART.matcher(restart).matches()) {
                problems.error(locate.apply(at + "/restart"), "'" + restart + "' is not a restart policy",
                        "use no, always, unless-stopped or on-failure[:N]");
            }
            String network = r.text(node, at, "network", null);
            if (network != null && !NAME.matcher(network).matches()) {
                problems.error(locate.apply(at + "/network"), "'" + network + "' is not a valid network name", "");
            }
            runs.add(new Run(name == null ? "" : name, image == null ? "" : image, ports, r.stringMap(node, at, "env"),
                    mounts, Optional.ofNullable(network), r.stringList(node, at, "command"), Optional.ofNullable(restart)));
        });
        Optional<Compose> compose = Optional.empty();
        JsonNode c = section.get("compose");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                problems.error(locate.apply("/compose"), "compose: must be a mapping with file and project");
            } else {
                r.keys(c, "/compose", COMPOSE_KEYS);
                String file = r.text(c, "/compose", "file", "compose.yaml");
                r.relative(file, "/compose/file");
                String project = r.required(c, "/compose", "project");
                if (project != null && !PROJECT.matcher(project).matches()) {
                    problems.error(locate.apply("/compose/project"), "'" + project + "' is not a valid Compose project name",
                            "use lower-case letters, digits, '-' and '_'");
                }
                compose = Optional.of(new Compose(file, project == null ? "" : project));
            }
        }
        Cleanup cleanup = new Cleanup(List.of(), List.of(), List.of(), List.of());
        JsonNode cl = section.get("cleanup");
        if (cl != null && !cl.isNull()) {
            if (!cl.isObject()) {
                problems.error(locate.apply("/cleanup"), "cleanup: must be a mapping with containers, images, volumes or networks");
            } else {
                r.keys(cl, "/cleanup", CLEANUP_KEYS);
                cleanup = new Cleanup(r.stringList(cl, "/cleanup", "containers"), r.stringList(cl, "/cleanup", "images"),
                        r.stringList(cl, "/cleanup", "volumes"), r.stringList(cl, "/cleanup", "networks"));
            }
        }
        return new DockerRecipe(builds, runs, compose, cleanup);
    }

    /** Reads without reporting (the course loader already reported problems through the driver's validate). */
    public static DockerRecipe read(JsonNode section) {
        return read(section, p -> Location.ofFile("exercise.yaml"), new Problems());
    }

    /** Tags built by this recipe. */
    public List<String> imageTags() {
        return builds.stream().map(Build::tag).filter(t -> !t.isEmpty()).toList();
    }

    private static final class Reader {
        private final Function<String, Location> locate;
        private final Problems problems;

        Reader(Function<String, Location> locate, Problems problems) {
            this.locate = locate;
            this.problems = problems;
        }

        void each(JsonNode node, String at, java.util.function.BiConsumer<JsonNode, String> action) {
            if (node == null || node.isNull()) {
                return;
            }
            if (node.isObject()) {
                action.accept(node, at);
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (node.get(i).isObject()) {
                        action.accept(node.get(i), at + "/" + i);
                    } else {
                        problems.error(locate.apply(at + "/" + i), "each entry must be a mapping");
                    }
                }
            } else {
                problems.error(locate.apply(at), at.substring(1) + ": must be a mapping or a list of mappings");
            }
        }

        void keys(JsonNode node, String at, Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!allowed.contains(key)) {
                    String close = allowed.stream().filter(k -> Suggestions.distance(k, key) <= 2).findFirst().orElse(null);
                    problems.error(locate.apply(at + "/" + key), "unknown key '" + key + "'",
                            close != null ? "did you mean '" + close + "'?" : "allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
        }

        String required(JsonNode node, String at, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
                problems.error(locate.apply(at), "'" + key + "' is required here");
                return null;
            }
            if (!v.isValueNode() || v.isContainerNode()) {
                problems.error(locate.apply(at + "/" + key), "'" + key + "' must be text");
                return null;
            }
            return v.asText();
        }

        String text(JsonNode node, String at, String key, String fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isValueNode()) {
                problems.error(locate.apply(at + "/" + key), "'" + key + "' must be text");
                return fallback;
            }
            return v.asText();
        }

        void relative(String path, String at) {
            if (path == null) {
                return;
            }
            if (path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*") || List.of(path.split("[/\\\\]")).contains("..")) {
                problems.error(locate.apply(at), "'" + path + "' must be a path inside the exercise's files",
                        "use a relative path without '..'");
            }
        }

        List<String> stringList(JsonNode node, String at, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (v.isValueNode()) {
                return List.of(v.asText());
            }
            if (!v.isArray()) {
                problems.error(locate.apply(at + "/" + key), "'" + key + "' must be a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).isValueNode()) {
                    out.add(v.get(i).asText());
                } else {
                    problems.error(locate.apply(at + "/" + key + "/" + i), "each entry of '" + key + "' must be text");
                }
            }
            return out;
        }

        Map<String, String> stringMap(JsonNode node, String at, String key) {
            JsonNode v = node.get(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isObject()) {
                problems.error(locate.apply(at + "/" + key), "'" + key + "' must be a mapping of names to values");
                return out;
            }
            v.properties().forEach(e -> {
                if (e.getValue().isValueNode()) {
                    out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
                } else {
                    problems.error(locate.apply(at + "/" + key + "/" + e.getKey()), "the value of '" + e.getKey() + "' must be text");
                }
            });
            return out;
        }
    }
}
