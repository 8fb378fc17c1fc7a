package orchlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;

/** What every subcommand shares: the engine, the lab's folders, where the built-in course is. */
public class CliContext {
    private Lab lab;

    public synchronized Lab lab() {
        if (lab == null) {
            lab = Lab.standard();
        }
        return lab;
    }

    public LabDirs dirs() {
        return LabDirs.fromEnvironment();
    }

    /** Time for stamps in exports (tests fix it). */
    public Clock clock() {
        return Clock.systemDefaultZone();
    }

    /** The built-in course: {@code -Dorchlab.home} (set by the launcher), else the current folder or a parent holding lessons/course.yaml. */
    public Path defaultCourse() {
        String home = System.getProperty("orchlab.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        for (Path p = currentDirectory(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lessons/course.yaml"))) {
                return p;
            }
        }
        return currentDirectory();
    }

    /**
     * The folder the command was started in: relative paths in arguments are resolved against it (the process's own
     * here; the client's in the resident process, which shares no current folder with it).
     */
    public Path currentDirectory() {
        return Path.of("").toAbsolutePath();
    }

    public PrintWriter out(picocli.CommandLine.Model.CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}
