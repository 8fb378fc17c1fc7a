package orchlab.engine.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Folders unpacked from .zip packs live while the app uses them and are removed when it exits — or, inside a
 * {@link #scope()}, when the scope closes: a process that runs command after command (the resident {@code lab}) removes
 * what each command unpacked when that command ends, instead of keeping every one until it exits.
 */
public final class TempDirs {
    private static final List<Path> DIRS = Collections.synchronizedList(new ArrayList<>());
    private static final List<Scope> OPEN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "orchlab-temp-cleanup"));
    }

    private TempDirs() {
    }

    static void deleteOnExit(Path dir) {
        DIRS.add(dir);
        for (Scope scope : OPEN) {
            scope.dirs.add(dir);
        }
    }

    /**
     * Collects the folders unpacked from now on, by any thread, until {@link Scope#close()} removes them. Meant for one
     * command at a time: folders unpacked by other work running meanwhile are collected (and removed) too.
     */
    public static Scope scope() {
        Scope scope = new Scope();
        OPEN.add(scope);
        return scope;
    }

    /** The folders unpacked while it was open; closing removes them. */
    public static final class Scope implements AutoCloseable {
        private final List<Path> dirs = new CopyOnWriteArrayList<>();

        private Scope() {
        }

        /** The folders unpacked so far in this scope. */
        public List<Path> folders() {
            return List.copyOf(dirs);
        }

        @Override
        public void close() {
            OPEN.remove(this);
            for (Path dir : dirs) {
                delete(dir);
                if (!Files.exists(dir)) {
                    DIRS.remove(dir);
                }
            }
        }
    }

    private static void deleteAll() {
        synchronized (DIRS) {
            for (Path dir : DIRS) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: what is left is removed at exit
        }
    }
}
