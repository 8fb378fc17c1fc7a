package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.ObjectMatcher;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.course.YamlFields;
import orchlab.engine.manifest.LintIssue;
import orchlab.engine.manifest.ManifestLinter;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * {@code kind: file} — a file in the learner's workspace parses, passes strict schema validation,
 * and optionally contains an expected partial object. Reads files only: it does not wait.
 *
 * <pre>
 * - id: manifest-valid
 *   title: deployment.yaml is a valid Deployment
 *   kind: file
 *   path: deployment.yaml
 *   schema: kubernetes     # kubernetes (default): unknown fields and wrong types fail; yaml: parse only
 *   expect: {kind: Deployment, spec: {replicas: 3}}
 * </pre>
 */
public final class FileCheckKind implements CheckKind {
    /** Made on the first file check that lints, not when the check kinds are discovered (fabric8's model is costly). */
    private static final class Linter {
        static final ManifestLinter INSTANCE = new ManifestLinter();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String summary() {
        return "a workspace file parses, passes strict Kubernetes schema validation and contains the expected fields";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "schema", "expect");
    }

    @Override
    public SandboxKind needs() {
        return null;
    }

    @Override
    public orchlab.engine.check.Scope scope() {
        return orchlab.engine.check.Scope.WORKSPACE;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        YamlFields fields = new YamlFields(spec.source(), spec.pointer(), problems, "file check");
        Optional<String> path = fields.string("path", true);
        String schema = fields.string("schema", false).orElse("kubernetes");
        if (!schema.equals("kubernetes") && !schema.equals("yaml")) {
            problems.error(spec.locate("schema"), "'schema' must be 'kubernetes' or 'yaml', found '" + schema + "'");
            return null;
        }
        if (path.isPresent() && (path.get().startsWith("/") || Path.of(path.get()).normalize().startsWith(".."))) {
            problems.error(spec.locate("path"), "'path' must be relative to the learner's workspace and stay inside it");
            return null;
        }
        JsonNode expect = spec.get("expect");
        if (!expect.isMissingNode() && !expect.isObject()) {
            problems.error(spec.locate("expect"), "'expect' must be a mapping of fields");
            return null;
        }
        return path.map(p -> new Prepared(p, schema.equals("kubernetes"), expect.isObject() ? expect : null)).orElse(null);
    }

    private record Prepared(String path, boolean strict, JsonNode expect) implements PreparedCheck {
        @Override
        public boolean polls() {
            return false;
        }

        @Override
        public Outcome attempt(CheckContext context) {
            Path file = context.workspace().resolve(path).normalize();
            if (!file.startsWith(context.workspace().normalize()) || !Files.isRegularFile(file)) {
                return Outcome.notFound(path, path + " not found in your workspace");
            }
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                return Outcome.fail(path, "cannot read " + path + ": " + e.getMessage());
            }
            List<FieldFailure> failures = new ArrayList<>();
            if (strict) {
                for (LintIssue issue : Linter.INSTANCE.lint(path, text)) {
                    failures.add(new FieldFailure(issue.format(), "valid", issue.message(), FieldFailure.Kind.DIFFERENT));
                }
                if (!failures.isEmpty()) {
                    return Outcome.fail(path, path + " has " + failures.size() + (failures.size() == 1 ? " mistake" : " mistakes"), failures);
                }
            }
            List<YamlDoc> docs;
            try {
                docs = YamlDoc.parseAll(path, text);
            } catch (YamlSyntaxException e) {
                return Outcome.fail(e.location().toString(), e.getMessage(),
                        List.of(new FieldFailure(e.location().toString(), "valid YAML", e.getMessage(), FieldFailure.Kind.DIFFERENT)));
            }
            if (expect == null) {
                return Outcome.pass(path, path + " is valid");
            }
            List<FieldFailure> best = null;
            for (YamlDoc doc : docs) {
                List<FieldFailure> f = ObjectMatcher.match(expect, doc.root());
                if (best == null || f.size() < best.size()) {
                    best = f;
                }
            }
            if (best == null) {
                return Outcome.fail(path, path + " is empty", List.of(FieldFailure.missing("(document)", ObjectMatcher.render(expect))));
            }
            return best.isEmpty() ? Outcome.pass(path, path + " has the expected fields")
                    : Outcome.fail(path, path + ": " + Fields.notAsExpected(best), best);
        }
    }
}
