package orchlab.sim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * The Git repositories the simulated Argo CD may read, as its repo-server would clone them: each repoURL the lab
 * serves maps to a folder on this machine holding a Git repository (a work tree with {@code .git}, or a bare one).
 * Manifests are read from the <em>committed</em> tree at the resolved revision through JGit — never from the work
 * tree, so a change that was saved but not committed is not seen, exactly as on a real cluster.
 *
 * <p>URLs are compared without a trailing {@code /} or {@code .git}. The lab serves an exercise's workspace
 * repository as {@code file:///orchlab/repos/<exercise-id>} (see {@code app/docs/sim.md}, "Argo CD"); a real Argo CD
 * reads the same URL when that folder is mounted at that path in its repo-server.
 */
public final class GitRepositories {

    /** How many manifest files one source may hold, and how big each may be (a budget, not a limit of Argo CD's). */
    static final int MAX_FILES = 500;
    static final int MAX_FILE_BYTES = 1 << 20;

    private final Map<String, Path> served = new ConcurrentHashMap<>();

    /** Serves the repository in {@code folder} under {@code repoURL} (replacing what that URL served before). */
    public void serve(String repoURL, Path folder) {
        served.put(normalise(repoURL), folder.toAbsolutePath());
    }

    /** Stops serving {@code repoURL}. */
    public void forget(String repoURL) {
        served.remove(normalise(repoURL));
    }

    public Optional<Path> folderOf(String repoURL) {
        return Optional.ofNullable(served.get(normalise(repoURL)));
    }

    static String normalise(String url) {
        String u = url == null ? "" : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        return u;
    }

    /** Why the desired state could not be read: Argo CD's words, shown in a ComparisonError condition. */
    public static final class GitException extends Exception {
        public GitException(String message) {
            super(message);
        }
    }

    /** One desired object and the file it came from (repository-relative). */
    public record Manifest(String file, ObjectNode object) {
    }

    /** The desired state at one commit. */
    public record Target(String revision, List<Manifest> manifests) {
    }

    /**
     * Resolves {@code targetRevision} ({@code HEAD} or empty, a branch, a tag, or a commit SHA) and reads the
     * manifests under {@code path} in that commit: {@code .yaml}, {@code .yml} and {@code .json} files, in
     * sub-folders too when {@code recurse}.
     */
    public Target read(String repoURL, String targetRevision, String path, boolean recurse) throws GitException {
        Path folder = folderOf(repoURL).orElseThrow(() -> new GitException("failed to list refs: repository not found"));
        File gitDir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new GitException("failed to list refs: repository not found");
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId id = resolve(repo, targetRevision);
            RevCommit commit = walk.parseCommit(id);
            return new Target(id.name(), manifests(repo, commit, path, recurse));
        } catch (IOException e) {
            throw new GitException("failed to read the repository: " + e.getMessage());
        }
    }

    /** As Argo CD's git client resolves a revision: HEAD, a branch, a tag, or a commit SHA. */
    static ObjectId resolve(Repository repo, String revision) throws IOException, GitException {
        String rev = revision == null || revision.isBlank() ? "HEAD" : revision.trim();
        ObjectId id = null;
        if (rev.equals("HEAD")) {
            id = repo.resolve(Constants.HEAD);
        } else {
            for (String name : List.of(rev, Constants.R_HEADS + rev, Constants.R_TAGS + rev)) {
                Ref ref = name.startsWith("refs/") ? repo.exactRef(name) : null;
                if (ref != null) {
                    Ref peeled = repo.getRefDatabase().peel(ref);
                    id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
                    break;
                }
            }
            if (id == null && rev.matches("[0-9a-fA-F]{7,40}")) {
                id = repo.resolve(rev + "^{commit}");
            }
        }
        if (id == null) {
            throw new GitException("unable to resolve '" + rev + "' to a commit SHA");
        }
        return id;
    }

    /** {@code ./apps/web/} → {@code apps/web}; {@code .} or empty → the repository's root. */
    static String normalisePath(String path) {
        String p = path == null ? "" : path.trim().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    private static List<Manifest> manifests(Repository repo, RevCommit commit, String path, boolean recurse)
            throws IOException, GitException {
        String dir = normalisePath(path);
        if (dir.contains("..")) {
            throw new GitException(path + ": app path is outside the repository");
        }
        List<Manifest> out = new ArrayList<>();
        try (TreeWalk tree = dir.isEmpty() ? new TreeWalk(repo) : TreeWalk.forPath(repo, dir, commit.getTree())) {
            if (tree == null) {
                throw new GitException(path + ": app path does not exist");
            }
            if (!dir.isEmpty()) {
                if (!tree.isSubtree()) {
                    throw new GitException(path + ": app path is not a directory");
                }
                tree.enterSubtree();
            } else {
                tree.addTree(commit.getTree());
            }
            tree.setRecursive(false);
            int files = 0;
            while (tree.next()) {
                String name = tree.getNameString();
                if (tree.isSubtree()) {
                    if (recurse) {
                        tree.enterSubtree();
                    }
                    continue;
                }
                if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
                    continue;
                }
                if (++files > MAX_FILES) {
                    throw new GitException(path + ": more than " + MAX_FILES + " manifest files — the lab reads at most "
                            + MAX_FILES + " per Application");
                }
                String file = tree.getPathString();
                var loader = repo.open(tree.getObjectId(0));
                if (loader.getSize() > MAX_FILE_BYTES) {
                    throw new GitException(file + ": larger than 1 MiB — the lab reads manifest files of at most 1 MiB");
                }
                out.addAll(parse(file, new String(loader.getBytes(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The objects of one file: every YAML document (a {@code List}'s items), empty documents skipped. */
    static List<Manifest> parse(String file, String text) throws GitException {
        List<Manifest> out = new ArrayList<>();
        int doc = 0;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNext()) {
                JsonNode node = docs.next();
                doc++;
                if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
                    continue;
                }
                if (node.isObject() && node.path("kind").asText().equals("List") && node.path("items").isArray()) {
                    for (JsonNode item : node.path("items")) {
                        out.add(object(file, doc, item));
                    }
                } else {
                    out.add(object(file, doc, node));
                }
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new GitException("failed to unmarshal \"" + file + "\": " + why);
        }
        return out;
    }

    private static Manifest object(String file, int doc, JsonNode node) throws GitException {
        if (!node.isObject() || node.path("apiVersion").asText().isEmpty() || node.path("kind").asText().isEmpty()
                || node.path("metadata").path("name").asText().isEmpty()) {
            throw new GitException("\"" + file + "\" (document " + doc + ") is not a Kubernetes object: apiVersion, kind "
                    + "and metadata.name are required");
        }
        return new Manifest(file, (ObjectNode) node);
    }
}
