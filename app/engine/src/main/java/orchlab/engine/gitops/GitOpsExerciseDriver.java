package orchlab.engine.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.exercise.PackReach;
import orchlab.engine.sandbox.GitServer;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;

/**
 * Runs {@code kind: gitops} exercises on the Kubernetes driver: start and reset are the namespace's; Apply serves the
 * workspace's Git repository to the sandbox's Argo CD ({@link orchlab.engine.sandbox.Sandbox#gitServer()}) and applies
 * the YAML files outside it (the Application). A manifest inside the repository is never applied by the lab: Argo
 * CD deploys it once it is committed.
 */
final class GitOpsExerciseDriver implements ExerciseDriver {

    private final ExerciseDriver kubernetes;

    GitOpsExerciseDriver(ExerciseDriver kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public List<PackReach.ClusterObject> clusterScopedObjects(Exercise exercise, ExerciseTarget target) throws SandboxException {
        return kubernetes.clusterScopedObjects(exercise, target);
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        kubernetes.start(exercise, target, progress);
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        kubernetes.reset(exercise, target, progress);
    }

    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        GitOpsExerciseKind.GitOpsSection s = GitOpsExerciseKind.GitOpsSection.of(exercise);
        Path given = fileOrDir.toAbsolutePath().normalize();
        boolean folder = Files.isDirectory(given);
        for (Path a = folder ? given : given.getParent(); a != null; a = a.getParent()) {
            if (!folder && given.startsWith(a.resolve(s.repo()))) {
                return new ApplyResult(List.of(), List.of(a.resolve(s.repo()).relativize(given).toString().replace('\\', '/')
                        + " is in the Git repository " + s.repo() + "/: Argo CD deploys it from Git — commit it"
                        + " (git add, git commit) instead of applying it"));
            }
        }
        Path base = folder ? given : given.getParent();
        Path repo = base.resolve(s.repo()).normalize();
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Optional<Path> served = repositoryToServe(exercise, target, base, repo, s, errors);
        if (served.isEmpty()) {
            return new ApplyResult(lines, errors);
        }
        Optional<GitServer> git = target.sandbox().gitServer();
        if (git.isPresent()) {
            git.get().serve(s.url(), served.get());
            lines.add("Git repository " + s.repo() + "/ served to Argo CD as " + s.url() + " (committed content only)");
        } else {
            lines.add("this cluster's Argo CD must reach " + s.url() + " itself: the lab serves Git to the simulated cluster only");
        }
        for (Path manifest : folder ? manifestsOutside(base, repo) : List.of(given)) {
            ApplyResult one = kubernetes.apply(exercise, manifest, target, progress);
            lines.addAll(one.lines());
            errors.addAll(one.errors());
        }
        return new ApplyResult(lines, errors);
    }

    /**
     * The learner's repository as it is (it must be one: {@code git init} is part of the task); a pack answer's plain
     * {@code repo/} files committed into a fresh repository under the lab's state folder.
     */
    private static Optional<Path> repositoryToServe(Exercise exercise, ExerciseTarget target, Path base, Path repo,
                                                    GitOpsExerciseKind.GitOpsSection s, List<String> errors) throws SandboxException {
        if (Files.exists(repo.resolve(".git")) || Files.isRegularFile(repo.resolve("HEAD"))) {
            return Optional.of(repo);
        }
        if (target.learnersFiles()) {
            errors.add(s.repo() + "/ is not a Git repository yet — in the terminal: cd " + s.repo() + " && git init -b main,"
                    + " then git add and git commit your manifests");
            return Optional.empty();
        }
        Path built = target.stateDir().resolve("gitops").resolve(exercise.id()).resolve(s.repo());
        try {
            FixtureRepository.build(repo, base.resolve(FixtureRepository.UNCOMMITTED), built);
        } catch (IOException e) {
            throw new SandboxException("cannot make a Git repository of the answer's " + s.repo() + "/ files: " + e.getMessage(), e);
        }
        return Optional.of(built);
    }

    /** The YAML files of the workspace outside the repository, the {@code uncommitted/} overlay and any {@code .git}. */
    private static List<Path> manifestsOutside(Path base, Path repo) throws SandboxException {
        Path uncommitted = base.resolve(FixtureRepository.UNCOMMITTED);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(repo) && !p.startsWith(uncommitted) && !p.toString().contains("/.git/"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + base + ": " + e.getMessage(), e);
        }
    }
}
