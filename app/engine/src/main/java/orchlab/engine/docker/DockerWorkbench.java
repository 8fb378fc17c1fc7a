package orchlab.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.docker.dockerfile.Dockerfile;
import orchlab.engine.docker.dockerfile.Instruction;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.DockerBuilds;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;

/**
 * Build, run, stop and clean up through docker-java: what the app's Build and Run buttons and the
 * Docker exercise driver use. Everything created here carries the labels the caller passes (the
 * lab's {@link LabLabels#forDockerExercise}); nothing is ever pulled from a registry.
 *
 * <p>Methods throw {@link SandboxException} only when the engine cannot be reached or refuses in a way
 * the learner cannot fix; a Dockerfile that does not build or a container that does not start is a
 * result with an error message, not an exception.
 */
public final class DockerWorkbench implements AutoCloseable {
    /** Safety net for a build that never ends. */
    public static final Duration BUILD_CEILING = Duration.ofMinutes(30);
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");

    private final DockerAccess access;
    private final DockerClient client;
    private DockerClient streaming;
    private final Optional<orchlab.engine.exercise.CreatedObjects> record;

    /** A workbench that recognises the lab's containers by their labels only (tools and tests). */
    public DockerWorkbench(DockerAccess access) {
        this(access, null);
    }

    /**
     * A workbench that records the ID of every container it creates in {@code record} and treats a container as the
     * lab's only when its ID is there (a container inherits its image's labels, so labels alone prove nothing).
     */
    public DockerWorkbench(DockerAccess access, orchlab.engine.exercise.CreatedObjects record) {
        this.access = access;
        this.client = access.client();
        this.record = Optional.ofNullable(record);
    }

    /** Whether the container (by ID) with these labels is one the lab created for {@code exercise}. */
    private boolean containerOwned(String id, Map<String, String> labels, String exercise) {
        if (record.isEmpty()) {
            return ownedBy(labels, exercise);
        }
        return record.get().of(exercise).stream().anyMatch(e -> e.kind().equals("container") && e.uid().equals(id));
    }

    private Optional<String> containerId(String nameOrId) {
        try {
            return Optional.ofNullable(client.inspectContainerCmd(nameOrId).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public DockerAccess access() {
        return access;
    }

    // ------------------------------------------------------------------ build

    /**
     * What to build.
     *
     * @param contextDir the build context (sent to the engine as a tar, honouring {@code .dockerignore})
     * @param dockerfile the Dockerfile, inside {@code contextDir}
     * @param labels     put on the image ({@code orchlab.exercise=<id>}, {@code orchlab.managed=true})
     */
    public record BuildRequest(Path contextDir, Path dockerfile, String tag, Map<String, String> args,
                               Optional<String> target, Map<String, String> labels) {
        public BuildRequest {
            args = Map.copyOf(args);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * What a build did.
     *
     * @param imageId   the image id when it built
     * @param log       every line the engine sent
     * @param error     one sentence when it did not build
     * @param errorLine the Dockerfile line of the failing instruction, 0 when unknown
     */
    public record BuildResult(String tag, Optional<String> imageId, List<String> log, Optional<String> error, int errorLine) {
        public BuildResult {
            log = List.copyOf(log);
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }

    /**
     * Builds an image, streaming the engine's output line by line to {@code progress} as it arrives (from the
     * engine's reading thread). Interrupting the calling thread cancels the build: the stream to the engine is
     * closed and {@link InterruptedException} is thrown.
     */
    public BuildResult build(BuildRequest request, ProgressListener progress) throws SandboxException, InterruptedException {
        if (!Files.isDirectory(request.contextDir())) {
            return new BuildResult(request.tag(), Optional.empty(), List.of(),
                    Optional.of("the build context " + request.contextDir().getFileName() + " does not exist"), 0);
        }
        if (!Files.isRegularFile(request.dockerfile())) {
            return new BuildResult(request.tag(), Optional.empty(), List.of(),
                    Optional.of(request.dockerfile().getFileName() + " not found in " + request.contextDir().getFileName()), 0);
        }
        Dockerfile parsed;
        try {
            parsed = Dockerfile.parse(Files.readString(request.dockerfile(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new BuildResult(request.tag(), Optional.empty(), List.of(), Optional.of("cannot read the Dockerfile: " + e.getMessage()), 0);
        }
        BuildCallback callback = new BuildCallback(progress);
        BuildImageCmd cmd = streamingClient().buildImageCmd()
                .withBaseDirectory(request.contextDir().toFile())
                .withDockerfile(request.dockerfile().toFile())
                .withTags(Set.of(request.tag()))
                .withLabels(request.labels())
                .withPull(false)
                .withRemove(true)
                .withForcerm(true);
        request.args().forEach(cmd::withBuildArg);
        request.target().ifPresent(cmd::withTarget);
        progress.progress(-1, "Building " + request.tag());
        // checks of this image wait while it builds (DockerBuilds); over when this method returns or throws
        DockerBuilds.Running building = access.builds().started(request.tag());
        try {
            return build(request, parsed, cmd, callback);
        } finally {
            building.close();
        }
    }

    private BuildResult build(BuildRequest request, Dockerfile parsed, BuildImageCmd cmd, BuildCallback callback)
            throws SandboxException, InterruptedException {
        try {
            cmd.exec(callback);
            if (!callback.awaitCompletion(BUILD_CEILING.toMinutes(), TimeUnit.MINUTES)) {
                callback.close();
                return callback.result(request.tag(), parsed, Optional.of("the build did not finish within " + BUILD_CEILING.toMinutes() + " minutes"));
            }
        } catch (InterruptedException e) {
            // cancelled (the app's Stop button interrupts the building thread): closing the stream stops the engine's build
            closeQuietly(callback);
            throw e;
        } catch (DockerException | IllegalArgumentException e) {
            return callback.result(request.tag(), parsed, Optional.of(oneLine(e.getMessage())));
        } catch (IOException e) {
            throw new SandboxException("Docker stopped answering during the build: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        if (callback.failure != null && callback.error == null) {
            Throwable f = callback.failure;
            if (f instanceof DockerException) {
                return callback.result(request.tag(), parsed, Optional.of(oneLine(f.getMessage())));
            }
            throw unreachable(f);
        }
        return callback.result(request.tag(), parsed, Optional.empty());
    }

    private final class BuildCallback extends ResultCallback.Adapter<BuildResponseItem> {
        private final ProgressListener progress;
        private final List<String> log = new ArrayList<>();
        private volatile String imageId;
        private volatile String error;
        private volatile int step;
        private volatile Throwable failure;

        BuildCallback(ProgressListener progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                for (String line : item.getStream().split("\r?\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    synchronized (log) {
                        log.add(line);
                    }
                    Matcher m = STEP.matcher(line.trim());
                    if (m.matches()) {
                        step = Integer.parseInt(m.group(1));
                        progress.progress(Double.parseDouble(m.group(1)) / Math.max(1, Integer.parseInt(m.group(2))), line.trim());
                    } else {
                        progress.progress(-1, line.stripTrailing());
                    }
                }
            }
            if (item.getStatus() != null && item.getStatus().startsWith("Pulling")) {
                progress.progress(-1, item.getStatus());
            }
            if (item.isErrorIndicated()) {
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : "the build failed";
                error = oneLine(message);
                synchronized (log) {
                    log.add(error);
                }
                progress.progress(-1, error);
            }
            if (item.isBuildSuccessIndicated() && item.getImageId() != null) {
                imageId = item.getImageId();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            super.onError(throwable);
        }

        BuildResult result(String tag, Dockerfile parsed, Optional<String> override) {
            List<String> lines;
            synchronized (log) {
                lines = List.copyOf(log);
            }
            String problem = override.orElse(error);
            if (problem == null && imageId == null) {
                problem = "the engine did not report an image id";
            }
            if (problem == null) {
                progress.progress(1, "Built " + tag);
                return new BuildResult(tag, Optional.of(imageId), lines, Optional.empty(), 0);
            }
            int line = 0;
            if (step > 0 && step <= parsed.instructions().size()) {
                line = parsed.instructions().get(step - 1).line();
            }
            return new BuildResult(tag, Optional.empty(), lines, Optional.of(explainBuildError(problem, step, parsed)), line);
        }
    }

    private static String explainBuildError(String message, int step, Dockerfile parsed) {
        if (step > 0 && step <= parsed.instructions().size()) {
            Instruction failing = parsed.instructions().get(step - 1);
            if (failing.is("FROM") && (message.contains("pull access denied") || message.contains("registry")
                    || message.contains("dial tcp") || message.contains("lookup ") || message.contains("manifest unknown")
                    || message.contains("not found"))) {
                return "the base image " + failing.words().get(0) + " is not on this machine and could not be downloaded (" + message + ")";
            }
        }
        return message;
    }

    // ------------------------------------------------------------------ run

    /**
     * A container to (re)create and start.
     *
     * @param volumes named volumes ({@code data}) or absolute host directories already resolved by the caller
     * @param labels  put on the container, and on volumes and networks created for it
     */
    public record RunRequest(String name, String image, List<DockerRecipe.PortMapping> ports, Map<String, String> env,
                             List<DockerRecipe.Mount> volumes, Optional<String> network, List<String> command,
                             Optional<String> restart, Map<String, String> labels) {
        public RunRequest {
            ports = List.copyOf(ports);
            env = Map.copyOf(env);
            volumes = List.copyOf(volumes);
            command = List.copyOf(command);
            labels = Map.copyOf(labels);
        }
    }

    /** What a run did: the container id when it started, or one sentence why not. */
    public record RunResult(String name, Optional<String> containerId, Optional<String> error) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    /**
     * Replaces any container of the same name (the exercise names it, so it is the exercise's), creates the
     * named volumes and the network when missing, then creates and starts the container. Never pulls.
     */
    public RunResult run(RunRequest request, ProgressListener progress) throws SandboxException {
        try {
            try {
                client.inspectImageCmd(request.image()).exec();
            } catch (NotFoundException e) {
                return new RunResult(request.name(), Optional.empty(),
                        Optional.of("image " + request.image() + " does not exist on this machine — build it first"));
            }
            String exercise = request.labels().getOrDefault(LabLabels.DOCKER_EXERCISE, "");
            Optional<Map<String, String>> sameName = containerLabels(request.name());
            if (sameName.isPresent() && !containerOwned(containerId(request.name()).orElse(""), sameName.get(), exercise)) {
                return new RunResult(request.name(), Optional.empty(), Optional.of(foreign("container", request.name(),
                        "rename the container in the exercise, or remove yours with `docker rm -f " + request.name() + "`")));
            }
            removeContainer(request.name());
            for (DockerRecipe.Mount mount : request.volumes()) {
                if (mount.isNamedVolume()) {
                    Optional<String> refused = ensureVolume(mount.source(), request.labels(), exercise);
                    if (refused.isPresent()) {
                        return new RunResult(request.name(), Optional.empty(), refused);
                    }
                }
            }
            if (request.network().isPresent()) {
                Optional<String> refused = ensureNetwork(request.network().get(), request.labels(), exercise);
                if (refused.isPresent()) {
                    return new RunResult(request.name(), Optional.empty(), refused);
                }
            }

            List<String> env = new ArrayList<>();
            request.env().forEach((k, v) -> env.add(k + "=" + v));
            List<PortBinding> bindings = new ArrayList<>();
            List<ExposedPort> exposed = new ArrayList<>();
            for (DockerRecipe.PortMapping p : request.ports()) {
                PortBinding binding = PortBinding.parse((p.hostIp().isEmpty() ? "" : p.hostIp() + ":") + p.hostPort() + ":" + p.containerKey());
                bindings.add(binding);
                exposed.add(binding.getExposedPort());
            }
            List<Bind> binds = new ArrayList<>();
            for (DockerRecipe.Mount mount : request.volumes()) {
                binds.add(Bind.parse(mount.source() + ":" + mount.target() + (mount.readOnly() ? ":ro" : "")));
            }
            HostConfig host = HostConfig.newHostConfig().withPortBindings(bindings).withBinds(binds);
            request.restart().ifPresent(r -> host.withRestartPolicy(RestartPolicy.parse(r)));
            request.network().ifPresent(host::withNetworkMode);
            CreateContainerCmd create = client.createContainerCmd(request.image())
                    .withName(request.name())
                    .withLabels(request.labels())
                    .withEnv(env)
                    .withExposedPorts(exposed)
                    .withHostConfig(host);
            if (!request.command().isEmpty()) {
                create.withCmd(request.command());
            }
            String id = create.exec().getId();
            if (record.isPresent()) {
                record.get().add(new orchlab.engine.exercise.CreatedObjects.Entry(exercise, "docker", "container", "", request.name(), id));
            }
            progress.progress(-1, "Created container " + request.name());
            try {
                client.startContainerCmd(id).exec();
            } catch (DockerException e) {
                return new RunResult(request.name(), Optional.of(id), Optional.of(explainStartError(request, e)));
            }
            progress.progress(1, "Started container " + request.name());
            return new RunResult(request.name(), Optional.of(id), Optional.empty());
        } catch (ConflictException e) {
            return new RunResult(request.name(), Optional.empty(), Optional.of(oneLine(e.getMessage())));
        } catch (DockerException e) {
            return new RunResult(request.name(), Optional.empty(), Optional.of(oneLine(e.getMessage())));
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private static String explainStartError(RunRequest request, DockerException e) {
        String m = oneLine(e.getMessage());
        if (m.contains("port is already allocated") || m.contains("address already in use")) {
            return "container " + request.name() + " could not start: a port it publishes is already in use on this machine (" + m + ")";
        }
        return "container " + request.name() + " could not start: " + m;
    }

    /** Stops a container (SIGTERM, then SIGKILL after {@code timeout}); no-op when it does not exist. */
    public void stop(String name, Duration timeout) throws SandboxException {
        try {
            client.stopContainerCmd(name).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
        } catch (NotFoundException ignored) {
            // nothing to stop
        } catch (com.github.dockerjava.api.exception.NotModifiedException ignored) {
            // already stopped
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Starts an existing (stopped) container. */
    public void start(String name) throws SandboxException {
        try {
            client.startContainerCmd(name).exec();
        } catch (com.github.dockerjava.api.exception.NotModifiedException ignored) {
            // already running
        } catch (NotFoundException e) {
            throw new SandboxException("container " + name + " does not exist — run it first");
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Force-removes a container and its anonymous volumes; false when there was none. */
    public boolean removeContainer(String nameOrId) throws SandboxException {
        try {
            client.removeContainerCmd(nameOrId).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (ConflictException e) {
            // "removal already in progress"
            return true;
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** The last {@code tail} lines of a container's output (stdout and stderr). */
    public List<String> logs(String name, int tail) throws SandboxException, InterruptedException {
        List<String> lines = new ArrayList<>();
        try {
            client.logContainerCmd(name).withStdOut(true).withStdErr(true).withTail(tail)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            for (String l : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\r?\n")) {
                                synchronized (lines) {
                                    lines.add(l);
                                }
                            }
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Creates the volume, or uses it when the lab created it for this exercise; empty, or why it is refused. */
    private Optional<String> ensureVolume(String name, Map<String, String> labels, String exercise) {
        try {
            var existing = client.inspectVolumeCmd(name).exec();
            if (!ownedBy(existing.getLabels(), exercise)) {
                return Optional.of(foreign("volume", name, "the lab does not mount or change volumes it did not create"
                        + " — rename the volume in the exercise"));
            }
        } catch (NotFoundException e) {
            client.createVolumeCmd().withName(name).withLabels(labels).exec();
        }
        return Optional.empty();
    }

    /** Creates the network, or uses it when the lab created it for this exercise; empty, or why it is refused. */
    private Optional<String> ensureNetwork(String name, Map<String, String> labels, String exercise) {
        List<Network> existing = client.listNetworksCmd().withNameFilter(name).exec();
        Optional<Network> same = existing.stream().filter(n -> name.equals(n.getName())).findFirst();
        if (same.isEmpty()) {
            client.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).exec();
        } else if (!ownedBy(same.get().getLabels(), exercise)) {
            return Optional.of(foreign("network", name, "rename the network in the exercise"));
        }
        return Optional.empty();
    }

    /** True when the labels say the lab created the object for {@code exercise}. */
    static boolean ownedBy(Map<String, String> labels, String exercise) {
        return labels != null && "true".equals(labels.get(LabLabels.DOCKER_MANAGED)) && !exercise.isEmpty()
                && exercise.equals(labels.get(LabLabels.DOCKER_EXERCISE));
    }

    private static String foreign(String what, String name, String todo) {
        return what + " " + name + " already exists and the lab did not create it: the lab leaves it alone — " + todo;
    }

    private Optional<Map<String, String>> containerLabels(String nameOrId) {
        try {
            var config = client.inspectContainerCmd(nameOrId).exec().getConfig();
            return Optional.of(config == null || config.getLabels() == null ? Map.of() : config.getLabels());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, String>> volumeLabels(String name) {
        try {
            var labels = client.inspectVolumeCmd(name).exec().getLabels();
            return Optional.of(labels == null ? Map.of() : labels);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, String>> networkLabels(String name) {
        try {
            var labels = client.inspectNetworkCmd().withNetworkId(name).exec().getLabels();
            return Optional.of(labels == null ? Map.of() : labels);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, String>> imageLabels(String tag) {
        try {
            var config = client.inspectImageCmd(tag).exec().getConfig();
            return Optional.of(config == null || config.getLabels() == null ? Map.of() : config.getLabels());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ clean-up

    /**
     * Removes what belongs to an exercise: containers, volumes and networks labelled
     * {@code orchlab.exercise=<id>}, the objects the recipe names (run containers and their named volumes
     * and networks, the Compose project's objects, the cleanup lists) and the images it builds.
     * Returns one line per removed object, and lines for what had to be kept.
     */
    public List<String> removeExerciseObjects(String exerciseId, DockerRecipe recipe, ProgressListener progress) throws SandboxException {
        List<String> report = new ArrayList<>();
        String label = LabLabels.DOCKER_EXERCISE + "=" + exerciseId;
        Optional<String> composeLabel = recipe.compose().map(c -> "com.docker.compose.project=" + c.project());
        try {
            // candidates: what carries the exercise's label, the Compose project's objects, and what the recipe names;
            // removed only when the object itself carries the lab's labels for this exercise (the lab set them when it made it)
            Map<String, String> containers = new LinkedHashMap<>();
            Set<String> composeMade = new java.util.HashSet<>();
            for (Container c : listContainers(label)) {
                containers.put(c.getId(), displayName(c));
            }
            if (composeLabel.isPresent()) {
                for (Container c : listContainers(composeLabel.get())) {
                    containers.put(c.getId(), displayName(c));
                    composeMade.add(c.getId());
                }
            }
            recipe.runs().forEach(r -> containers.putIfAbsent(r.name(), r.name()));
            recipe.cleanup().containers().forEach(n -> containers.putIfAbsent(n, n));
            Set<String> removedNames = new java.util.HashSet<>();
            for (Map.Entry<String, String> c : containers.entrySet()) {
                if (c.getKey().isEmpty() || removedNames.contains(c.getValue())) {
                    continue;
                }
                Optional<Map<String, String>> labels = containerLabels(c.getKey());
                if (labels.isEmpty()) {
                    continue;
                }
                String id = containerId(c.getKey()).orElse(c.getKey());
                // Compose makes its containers itself (no ID for the lab to record): its project label plus the lab's labels
                boolean owned = composeMade.contains(id) ? ownedBy(labels.get(), exerciseId) : containerOwned(id, labels.get(), exerciseId);
                if (!owned) {
                    report.add("container " + c.getValue() + " kept: the lab did not create it");
                } else if (removeContainer(c.getKey())) {
                    removedNames.add(c.getValue());
                    if (record.isPresent()) {
                        record.get().remove(new orchlab.engine.exercise.CreatedObjects.Entry(exerciseId, "docker", "container", "",
                                c.getValue(), id));
                    }
                    report.add("container " + c.getValue() + " removed");
                    progress.progress(-1, "Removed container " + c.getValue());
                }
            }

            Set<String> volumes = new LinkedHashSet<>();
            volumes.addAll(volumeNames(label));
            if (composeLabel.isPresent()) {
                volumes.addAll(volumeNames(composeLabel.get()));
            }
            recipe.runs().forEach(r -> r.volumes().stream().filter(DockerRecipe.Mount::isNamedVolume).forEach(m -> volumes.add(m.source())));
            volumes.addAll(recipe.cleanup().volumes());
            for (String v : volumes) {
                Optional<Map<String, String>> labels = volumeLabels(v);
                if (labels.isEmpty()) {
                    continue;
                }
                if (!ownedBy(labels.get(), exerciseId)) {
                    report.add("volume " + v + " kept: the lab did not create it");
                    continue;
                }
                try {
                    client.removeVolumeCmd(v).exec();
                    report.add("volume " + v + " removed");
                } catch (NotFoundException ignored) {
                    // already gone
                } catch (ConflictException e) {
                    report.add("volume " + v + " kept: still in use by a container the lab did not create");
                }
            }

            Set<String> networks = new LinkedHashSet<>();
            client.listNetworksCmd().withFilter("label", List.of(label)).exec().forEach(n -> networks.add(n.getName()));
            if (composeLabel.isPresent()) {
                client.listNetworksCmd().withFilter("label", List.of(composeLabel.get())).exec().forEach(n -> networks.add(n.getName()));
            }
            recipe.runs().forEach(r -> r.network().ifPresent(networks::add));
            networks.addAll(recipe.cleanup().networks());
            for (String n : networks) {
                if (Set.of("bridge", "host", "none").contains(n)) {
                    continue;
                }
                Optional<Map<String, String>> labels = networkLabels(n);
                if (labels.isEmpty()) {
                    continue;
                }
                if (!ownedBy(labels.get(), exerciseId)) {
                    report.add("network " + n + " kept: the lab did not create it");
                    continue;
                }
                try {
                    client.removeNetworkCmd(n).exec();
                    report.add("network " + n + " removed");
                } catch (NotFoundException ignored) {
                    // already gone
                } catch (ConflictException | com.github.dockerjava.api.exception.InternalServerErrorException e) {
                    report.add("network " + n + " kept: containers the lab did not create are still attached");
                }
            }

            List<String> images = new ArrayList<>(recipe.imageTags());
            images.addAll(recipe.cleanup().images());
            for (String image : images) {
                Optional<Map<String, String>> labels = imageLabels(image);
                if (labels.isEmpty()) {
                    continue;
                }
                if (!ownedBy(labels.get(), exerciseId)) {
                    report.add("image " + image + " kept: the lab did not build it");
                    continue;
                }
                try {
                    client.removeImageCmd(image).withForce(false).exec();
                    report.add("image " + image + " removed");
                } catch (NotFoundException ignored) {
                    // never built
                } catch (ConflictException e) {
                    report.add("image " + image + " kept: a container the lab did not create uses it");
                }
            }
        } catch (DockerException e) {
            throw new SandboxException("Docker refused to clean up: " + oneLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        return report;
    }

    private List<Container> listContainers(String labelFilter) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec();
    }

    private List<String> volumeNames(String labelFilter) {
        var listed = client.listVolumesCmd().withFilter("label", List.of(labelFilter)).exec().getVolumes();
        return listed == null ? List.of() : listed.stream().map(v -> v.getName()).toList();
    }

    private static String displayName(Container c) {
        String[] names = c.getNames();
        return names != null && names.length > 0 ? names[0].replaceFirst("^/", "") : c.getId().substring(0, 12);
    }

    // ------------------------------------------------------------------ plumbing

    private DockerClient streamingClient() {
        if (streaming == null) {
            streaming = DockerClients.open(access.dockerHost(), null);
        }
        return streaming;
    }

    static SandboxException unreachable(Throwable e) {
        return new SandboxException(DockerEngine.NOT_RUNNING + " (" + oneLine(String.valueOf(rootMessage(e))) + ")", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Engine messages arrive as JSON-ish multi-line text; keep one readable line. */
    static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        String m = message.replaceFirst("^Status \\d+: ", "");
        Matcher json = Pattern.compile("\"message\"\\s*:\\s*\"(.*?)\"").matcher(m);
        if (json.find()) {
            m = json.group(1);
        }
        return m.replaceAll("\\s+", " ").trim();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is gone already
        }
    }

    @Override
    public void close() {
        if (streaming != null) {
            DockerEngine.closeQuietly(streaming);
            streaming = null;
        }
    }
}
