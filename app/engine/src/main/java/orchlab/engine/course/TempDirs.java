package orchlab.engine.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders unpacked from .zip packs live while the app uses them and are removed when it exits. */
final class TempDirs {
    private static final List<Path> DIRS = Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "orchlab-temp-cleanup"));
    }

    private TempDirs() {
    }

    static void deleteOnExit(Path dir) {
        DIRS.add(dir);
    }

    private static void deleteAll() {
        synchronized (DIRS) {
            for (Path dir : DIRS) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }
        }
    }
}
