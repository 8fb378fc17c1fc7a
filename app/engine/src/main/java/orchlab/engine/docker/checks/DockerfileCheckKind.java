package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.docker.dockerfile.Dockerfile;
import orchlab.engine.docker.dockerfile.DockerfileRule;
import orchlab.engine.docker.dockerfile.DockerfileRules;
import orchlab.engine.docker.dockerfile.RuleViolation;

/**
 * {@code kind: dockerfile} — static rules on a Dockerfile in the learner's files.
 *
 * <pre>
 * - id: dockerfile-rules
 *   kind: dockerfile
 *   file: Dockerfile              # relative to the workspace; default Dockerfile
 *   rules: [DL3006, DL3025, ...]  # default: every rule that is on by default (see DockerfileRules)
 * </pre>
 * Each violation is a field failure at {@code Dockerfile:<line> (<rule>)}.
 */
public final class DockerfileCheckKind implements CheckKind {

    @Override
    public String name() {
        return "dockerfile";
    }

    @Override
    public String summary() {
        return "Dockerfile rules (hadolint-style ids like DL3025), each failure at its line";
    }

    @Override
    public Set<String> keys() {
        return Set.of("file", "rules");
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
        CheckSettings s = new CheckSettings(spec, problems);
        String file = s.text("file").orElse("Dockerfile");
        if (file.startsWith("/") || List.of(file.split("[/\\\\]")).contains("..")) {
            s.error("file", "'" + file + "' must be a path inside the learner's files", "use a relative path like Dockerfile or app/Dockerfile");
        }
        List<String> rules = s.texts("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (DockerfileRules.find(rules.get(i)).isEmpty()) {
                s.error("rules/" + i, "unknown Dockerfile rule '" + rules.get(i) + "'", "known rules: " + String.join(", ", DockerfileRules.ids()));
            }
        }
        if (s.failed()) {
            return null;
        }
        List<String> selected = rules.isEmpty()
                ? DockerfileRules.all().stream().filter(DockerfileRule::enabledByDefault).map(DockerfileRule::id).toList()
                : rules;
        return new Prepared(file, selected);
    }

    private record Prepared(String file, List<String> rules) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            Path path = context.workspace().resolve(file);
            if (!Files.isRegularFile(path)) {
                return Outcome.notFound(file, file + " not found in your files — create it next to your app");
            }
            String text;
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CheckUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
            }
            List<RuleViolation> violations = DockerfileRules.check(Dockerfile.parse(text), rules);
            if (violations.isEmpty()) {
                return Outcome.pass(file, file + " follows " + (rules.size() == 1 ? "rule " + rules.get(0) : "all " + rules.size() + " rules"));
            }
            List<FieldFailure> failures = new ArrayList<>();
            for (RuleViolation v : violations) {
                String at = file + ":" + v.line() + " (" + v.ruleId() + ")";
                failures.add(v.found().isPresent() ? FieldFailure.different(at, v.expected(), v.found().get())
                        : FieldFailure.missing(at, v.expected()));
            }
            RuleViolation first = violations.get(0);
            String message = violations.size() == 1 ? first.describe(file)
                    : file + " breaks " + violations.size() + " rules, on lines "
                    + violations.stream().map(v -> String.valueOf(v.line())).distinct().collect(java.util.stream.Collectors.joining(", "));
            return Outcome.fail(file + ":" + first.line(), message, failures);
        }

        @Override
        public boolean polls() {
            return false;
        }
    }
}
