package orchlab.engine.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.yaml.Location;

/**
 * {@code kind: gitops} — the workspace holds a Git repository the learner commits to (real {@code git} in the
 * terminal) and the manifests outside it (an Argo CD Application); Apply applies the files outside the repository and
 * serves the repository to the cluster's Argo CD, which deploys what is committed.
 *
 * <pre>
 * kind: gitops
 * gitops:
 *   repo: repo                                   # the workspace folder that is the Git repository
 *   url: file:///orchlab/repos/capstone-gitops   # the repoURL Applications use for it
 * </pre>
 *
 * The pack's own answers ({@code solution/}, {@code wrong/}, {@code right/}) are plain files: Apply commits their
 * {@code repo/} into a fresh repository on branch {@code main} (see {@link FixtureRepository}), then writes the
 * answer's {@code uncommitted/} files over its work tree without committing them.
 */
public final class GitOpsExerciseKind implements ExerciseKind {

    @Override
    public String name() {
        return "gitops";
    }

    @Override
    public String summary() {
        return "the learner commits manifests to a Git repository in the workspace and applies an Argo CD Application;"
                + " Argo CD deploys what is committed";
    }

    @Override
    public Optional<String> section() {
        return Optional.of("gitops");
    }

    @Override
    public Set<SandboxKind> needs() {
        return Set.of(SandboxKind.KUBERNETES);
    }

    @Override
    public Workspace workspace() {
        return Workspace.FILES;
    }

    @Override
    public List<StepLabel> steps() {
        return List.of(new StepLabel("apply", "Apply",
                "Apply the files outside the Git repository (the Application) and let Argo CD read the repository's commits"));
    }

    @Override
    public ExerciseDriver driver(ExerciseDriver sandboxDriver) {
        return new GitOpsExerciseDriver(sandboxDriver);
    }

    @Override
    public String applying(String file) {
        return "Applying " + file;
    }

    @Override
    public String applied(String file) {
        return "Applied " + file + ": ";
    }

    @Override
    public String resetRemoves(Exercise exercise, String namespace) {
        return "everything in namespace " + namespace + " is removed, Applications and what Argo CD deployed"
                + " (only objects of this exercise); the Git repository in the workspace goes back to the starter's files";
    }

    @Override
    public String resetDone(Exercise exercise, String namespace) {
        return "Starter files restored; namespace " + namespace + " was emptied and set up again.";
    }

    @Override
    public String whereItRuns(Exercise exercise, String namespace) {
        return "GitOps exercise · Argo CD · namespace " + namespace;
    }

    @Override
    public Optional<String> namespaceToFollow(Exercise exercise) {
        return Optional.of(exercise.namespace());
    }

    @Override
    public boolean solutionHoldsManifests() {
        return true;
    }

    @Override
    public void validate(JsonNode section, Function<String, Location> locate, Problems problems) {
        if (section.isMissingNode() || section.isEmpty()) {
            problems.error(locate.apply(""), "a GitOps exercise needs a 'gitops:' section with repo and url",
                    "for example: gitops: {repo: repo, url: file:///orchlab/repos/my-exercise}");
            return;
        }
        JsonNode repo = section.path("repo");
        if (!repo.isTextual() || repo.asText().isBlank() || Path.of(repo.asText()).isAbsolute()
                || Path.of(repo.asText()).normalize().startsWith("..") || repo.asText().equals(FixtureRepository.UNCOMMITTED)) {
            problems.error(locate.apply(repo.isMissingNode() ? "" : "/repo"), "'gitops: repo:' must be a folder inside the workspace",
                    "for example: repo: repo");
        }
        JsonNode url = section.path("url");
        if (!url.isTextual() || !url.asText().matches("(file|https?|ssh|git)://\\S+")) {
            problems.error(locate.apply(url.isMissingNode() ? "" : "/url"), "'gitops: url:' must be a Git URL (file://, https://, ssh://)",
                    "for example: url: file:///orchlab/repos/my-exercise");
        }
        section.fieldNames().forEachRemaining(k -> {
            if (!List.of("repo", "url").contains(k)) {
                problems.error(locate.apply("/" + k), "unknown key '" + k + "' in gitops: (repo, url)");
            }
        });
    }

    /** The exercise's {@code gitops:} section. */
    record GitOpsSection(String repo, String url) {
        static GitOpsSection of(Exercise exercise) {
            JsonNode s = exercise.docker();
            return new GitOpsSection(s.path("repo").asText("repo"), s.path("url").asText("file:///orchlab/repos/" + exercise.id()));
        }
    }
}
