package orchlab.engine.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;

/**
 * A multi-cluster exercise ({@code clusters: [east, west]}, ADR 0016): the one-cluster driver it wraps (the Kubernetes
 * one) run once per cluster, each time on a target that is that cluster alone — so everything that confines a pack
 * (its namespace, its record of created objects, what it may create cluster-wide) holds in each cluster as it holds in
 * one.
 *
 * <p>Apply sends the files under {@code east/} to east and those under {@code west/} to west; a YAML file outside every
 * cluster folder is refused, saying where to move it, and nothing is applied. Setup files under a folder named after a
 * cluster ({@code setup/west/config.yaml}) go to that cluster only, the others to every cluster.
 */
public final class ClusterFanOutDriver implements ExerciseDriver {
    private final ExerciseDriver inner;

    public ClusterFanOutDriver(ExerciseDriver inner) {
        this.inner = inner;
    }

    @Override
    public SandboxKind kind() {
        return inner.kind();
    }

    @Override
    public List<PackReach.ClusterObject> clusterScopedObjects(Exercise exercise, ExerciseTarget target) throws SandboxException {
        LinkedHashSet<PackReach.ClusterObject> all = new LinkedHashSet<>();
        for (String cluster : exercise.clusters()) {
            all.addAll(inner.clusterScopedObjects(setupFor(exercise, cluster), in(target, cluster, exercise)));
        }
        return List.copyOf(all);
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        List<String> clusters = exercise.clusters();
        for (int i = 0; i < clusters.size(); i++) {
            String cluster = clusters.get(i);
            progress.progress((double) i / clusters.size(), "cluster " + cluster);
            inner.start(setupFor(exercise, cluster), in(target, cluster, exercise), part(progress, cluster));
        }
        progress.progress(1, "ready in " + String.join(" and ", clusters));
    }

    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        Map<String, Path> byCluster = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        if (Files.isDirectory(fileOrDir)) {
            for (Path yaml : yamlFiles(fileOrDir)) {
                Path relative = fileOrDir.relativize(yaml);
                if (relative.getNameCount() < 2 || !exercise.clusters().contains(relative.getName(0).toString())) {
                    refused.add(outside(exercise, slashed(relative)));
                }
            }
            for (String cluster : exercise.clusters()) {
                Path folder = fileOrDir.resolve(cluster);
                if (Files.isDirectory(folder) && !yamlFiles(folder).isEmpty()) {
                    byCluster.put(cluster, folder);
                }
            }
            if (byCluster.isEmpty() && refused.isEmpty()) {
                refused.add(fileOrDir.getFileName() + ": no YAML manifest under " + folders(exercise));
            }
        } else {
            Path parent = fileOrDir.getParent();
            String cluster = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
            if (exercise.clusters().contains(cluster)) {
                byCluster.put(cluster, fileOrDir);
            } else {
                refused.add(outside(exercise, String.valueOf(fileOrDir.getFileName())));
            }
        }
        if (!refused.isEmpty()) {
            return new ApplyResult(List.of(), refused);
        }
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Path> entry : byCluster.entrySet()) {
            String cluster = entry.getKey();
            ApplyResult result = inner.apply(exercise, entry.getValue(), in(target, cluster, exercise), part(progress, cluster));
            result.lines().forEach(line -> lines.add(cluster + ": " + line));
            result.errors().forEach(error -> errors.add(named(cluster, entry.getValue(), error)));
        }
        return new ApplyResult(lines, errors);
    }

    @Override
    public List<Step> steps(Exercise exercise) {
        return inner.steps(exercise);
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        List<String> failed = new ArrayList<>();
        for (String cluster : exercise.clusters()) {
            try {
                inner.reset(exercise, in(target, cluster, exercise), part(progress, cluster));
            } catch (SandboxException e) {
                failed.add(cluster + ": " + e.getMessage()); // the other clusters are still reset
            }
        }
        if (!failed.isEmpty()) {
            throw new SandboxException("reset did not finish in every cluster — " + String.join("; ", failed));
        }
    }

    /** The target that is cluster {@code name} alone. */
    private static ExerciseTarget in(ExerciseTarget target, String name, Exercise exercise) throws SandboxException {
        KubernetesAccess access = target.sandbox().cluster(name, exercise.clusters());
        return new ExerciseTarget(new OneCluster(name, access, target.sandbox()), target.namespace(), target.stateDir(),
                target.allowClusterScoped(), target.learnersFiles());
    }

    /** The exercise with the setup files of one cluster: those in its folder and those in no cluster's folder. */
    static Exercise setupFor(Exercise exercise, String cluster) {
        List<String> setup = exercise.setup().stream().filter(file -> {
            List<String> folders = List.of(file.replace('\\', '/').split("/"));
            List<String> named = folders.subList(0, folders.size() - 1).stream().filter(exercise.clusters()::contains).toList();
            return named.isEmpty() || named.contains(cluster);
        }).toList();
        return exercise.withSetup(setup);
    }

    private static String outside(Exercise exercise, String file) {
        return file + ": outside every cluster folder — this exercise runs in " + String.join(" and ", exercise.clusters())
                + ", and each file goes to the cluster whose folder holds it; move it into " + folders(exercise);
    }

    private static String folders(Exercise exercise) {
        return String.join(" or ", exercise.clusters().stream().map(c -> c + "/").toList());
    }

    /** An error of the inner driver, which names files relative to the cluster's folder: named relative to the workspace. */
    private static String named(String cluster, Path applied, String error) {
        Path folder = Files.isDirectory(applied) ? applied : applied.getParent();
        try {
            for (Path yaml : Files.isDirectory(applied) ? yamlFiles(applied) : List.of(applied)) {
                String relative = slashed(folder.relativize(yaml));
                if (error.startsWith(relative + ":")) {
                    return cluster + "/" + error;
                }
            }
        } catch (SandboxException e) {
            // the folder went away meanwhile: the error is still worth showing, with its cluster
        }
        return cluster + ": " + error;
    }

    private static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }

    private static List<Path> yamlFiles(Path dir) throws SandboxException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml");
            }).sorted().toList();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ProgressListener part(ProgressListener progress, String cluster) {
        return (fraction, message) -> progress.progress(-1, cluster + ": " + message);
    }

    /** One cluster of the sandbox, as a sandbox of its own: what the wrapped driver is given. */
    private record OneCluster(String name, KubernetesAccess access, Sandbox of) implements Sandbox {
        @Override
        public String type() {
            return of.type();
        }

        @Override
        public String description() {
            return "cluster " + name + " of " + of.description();
        }

        @Override
        public boolean simulated() {
            return of.simulated();
        }

        @Override
        public Optional<KubernetesAccess> kubernetes() {
            return Optional.of(access);
        }

        @Override
        public Optional<DockerAccess> docker() {
            return Optional.empty();
        }

        @Override
        public SandboxHealth health() {
            return of.health();
        }

        @Override
        public void close() {
            // the cluster belongs to the sandbox it came from
        }
    }
}
