package orchlab.engine.helm.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;

/** A chart folder or values file named by a check, relative to the learner's workspace and never outside it. */
final class ChartPaths {
    private ChartPaths() {
    }

    /** Reads {@code key} as a relative path inside the workspace, reporting a wrong one at its line. */
    static Optional<String> read(CheckSpec spec, Problems problems, String key, boolean required, String example) {
        JsonNode node = spec.get(key);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                problems.error(spec.location(), "the check needs '" + key + ":' (" + example + ")");
            }
            return Optional.empty();
        }
        if (!node.isTextual() || !relativeInside(node.asText())) {
            problems.error(spec.locate(key), "'" + key + "' must be a path inside the workspace (" + example + ")");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    static boolean relativeInside(String text) {
        if (text.isBlank()) {
            return false;
        }
        Path p = Path.of(text);
        return !p.isAbsolute() && !p.normalize().startsWith("..");
    }

    static Path resolve(Path workspace, String relative) {
        return workspace.resolve(relative).normalize();
    }
}
