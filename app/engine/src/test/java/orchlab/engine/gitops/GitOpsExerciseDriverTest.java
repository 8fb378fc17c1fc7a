package orchlab.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.GitServer;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.yaml.Location;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind: gitops}: Apply serves the workspace's Git repository to the sandbox's Argo CD and applies only the
 * files outside it; a pack's answer (plain files) becomes a fresh commit, its {@code uncommitted/} files are left
 * uncommitted in the work tree.
 */
class GitOpsExerciseDriverTest {

    private static final String URL = "file:///orchlab/repos/capstone-gitops";

    @TempDir
    Path workspace;
    @TempDir
    Path state;

    private final Map<String, Path> served = new LinkedHashMap<>();
    private final List<Path> applied = new ArrayList<>();

    private final ExerciseDriver kubernetes = new ExerciseDriver() {
        @Override
        public SandboxKind kind() {
            return SandboxKind.KUBERNETES;
        }

        @Override
        public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) {
        }

        @Override
        public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress) {
            applied.add(fileOrDir);
            return new ApplyResult(List.of(fileOrDir.getFileName() + " applied"), List.of());
        }

        @Override
        public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) {
        }
    };

    private final Sandbox sim = new Sandbox() {
        @Override
        public String type() {
            return "sim";
        }

        @Override
        public String description() {
            return "simulated";
        }

        @Override
        public boolean simulated() {
            return true;
        }

        @Override
        public Optional<KubernetesAccess> kubernetes() {
            return Optional.empty();
        }

        @Override
        public Optional<DockerAccess> docker() {
            return Optional.empty();
        }

        @Override
        public Optional<GitServer> gitServer() {
            return Optional.of(served::put);
        }

        @Override
        public SandboxHealth health() {
            return SandboxHealth.ok("simulated");
        }

        @Override
        public void close() {
        }
    };

    private Exercise exercise() {
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("repo", "repo").put("url", URL);
        return new Exercise("capstone-gitops", "GitOps", Path.of("exercises", "capstone-gitops"), new GitOpsExerciseKind(),
                "capstone-gitops", "", List.of(), List.of(), Duration.ofSeconds(10), List.of(), section,
                Location.ofFile("exercises/capstone-gitops/exercise.yaml"));
    }

    private void write(String file, String text) throws Exception {
        Path p = workspace.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private ApplyResult apply(Path fileOrDir, boolean learner) throws Exception {
        ExerciseTarget target = new ExerciseTarget(sim, "capstone-gitops", state, false, learner);
        return new GitOpsExerciseKind().driver(kubernetes).apply(exercise(), fileOrDir, target, ProgressListener.NONE);
    }

    private static String committed(Path repoDir, String file) throws Exception {
        try (Git git = Git.open(repoDir.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            var commit = walk.parseCommit(repo.resolve("HEAD"));
            try (TreeWalk tree = TreeWalk.forPath(repo, file, commit.getTree())) {
                return new String(repo.open(tree.getObjectId(0)).getBytes());
            }
        }
    }

    @Test
    void aPacksAnswerIsCommittedIntoAFreshRepositoryAndOnlyTheFilesOutsideItAreApplied() throws Exception {
        write("application.yaml", "kind: Application\n");
        write("repo/apps/web/deployment.yaml", "replicas: 1\n");
        write("uncommitted/apps/web/deployment.yaml", "replicas: 2\n");

        ApplyResult result = apply(workspace, false);

        assertThat(result.errors()).isEmpty();
        assertThat(applied).containsExactly(workspace.resolve("application.yaml"));
        Path repo = served.get(URL);
        assertThat(repo).startsWith(state);
        assertThat(committed(repo, "apps/web/deployment.yaml")).isEqualTo("replicas: 1\n");
        assertThat(Files.readString(repo.resolve("apps/web/deployment.yaml"))).as("the work tree").isEqualTo("replicas: 2\n");
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.getRepository().getBranch()).isEqualTo("main");
        }
    }

    @Test
    void theLearnersRepositoryIsServedAsItIs() throws Exception {
        write("application.yaml", "kind: Application\n");
        Git.init().setDirectory(workspace.resolve("repo").toFile()).setInitialBranch("main").call().close();

        ApplyResult result = apply(workspace.resolve("application.yaml"), true);

        assertThat(result.errors()).isEmpty();
        assertThat(served.get(URL)).isEqualTo(workspace.resolve("repo"));
        assertThat(applied).containsExactly(workspace.resolve("application.yaml"));
    }

    @Test
    void aLearnersRepoFolderThatIsNoGitRepositoryIsRefusedWithTheCommandsToMakeItOne() throws Exception {
        write("application.yaml", "kind: Application\n");
        write("repo/apps/web/deployment.yaml", "replicas: 2\n");

        ApplyResult result = apply(workspace, true);

        assertThat(result.errors()).singleElement().asString().startsWith("repo/ is not a Git repository yet")
                .contains("git init -b main");
        assertThat(applied).isEmpty();
        assertThat(served).isEmpty();
    }

    @Test
    void applyingAManifestInsideTheRepositoryIsRefused() throws Exception {
        write("repo/apps/web/deployment.yaml", "replicas: 2\n");

        ApplyResult result = apply(workspace.resolve("repo/apps/web/deployment.yaml"), true);

        assertThat(result.errors()).singleElement().asString()
                .isEqualTo("apps/web/deployment.yaml is in the Git repository repo/: Argo CD deploys it from Git — commit it"
                        + " (git add, git commit) instead of applying it");
        assertThat(applied).isEmpty();
    }
}
