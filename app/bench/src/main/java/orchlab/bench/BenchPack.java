package orchlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The benchmarks' course pack (resources under {@code /bench-pack}), written out whole: the course lists every exercise. */
final class BenchPack {
    static final List<String> MISTAKES = List.of("replicas-two", "selector-typo", "no-port", "image-tag", "secret-key");

    private BenchPack() {
    }

    static Path unpack(Path target) throws IOException {
        List<String> files = new ArrayList<>(List.of("lessons/course.yaml", "lessons/bench.md",
                "exercises/ten-asserts/exercise.yaml", "exercises/ten-asserts/starter/README.md",
                "exercises/ten-asserts/solution/web.yaml", "exercises/ten-asserts/verify.sh",
                "exercises/feedback/exercise.yaml", "exercises/feedback/starter/README.md", "exercises/feedback/solution/web.yaml"));
        for (String mistake : MISTAKES) {
            files.add("exercises/feedback/wrong/" + mistake + "/web.yaml");
            files.add("exercises/feedback/wrong/" + mistake + "/expect.yaml");
        }
        for (String file : files) {
            Path out = target.resolve(file);
            Files.createDirectories(out.getParent());
            try (InputStream in = BenchPack.class.getResourceAsStream("/bench-pack/" + file)) {
                if (in == null) {
                    throw new IOException("missing bench resource " + file);
                }
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
