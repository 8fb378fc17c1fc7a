package orchlab.cli.daemon;

import java.nio.file.Path;
import java.util.Optional;
import orchlab.cli.CliContext;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;

/**
 * A command's context in the resident process: the process's one engine (shared by every command it runs) and the
 * folder the command runs in, which is not the process's own. A client's command keeps the lab's folders; the
 * warm-up's command has its lab folders in its own temporary folder.
 */
final class ResidentContext extends CliContext {
    private final Lab lab;
    private final Path currentDirectory;
    private final Optional<Path> labFolder;

    private ResidentContext(Lab lab, Path currentDirectory, Optional<Path> labFolder) {
        this.lab = lab;
        this.currentDirectory = currentDirectory;
        this.labFolder = labFolder;
    }

    /** A client's command: the shared engine, the client's current folder, the lab's folders. */
    static ResidentContext ofClient(Lab lab, Path clientDirectory) {
        return new ResidentContext(lab, clientDirectory, Optional.empty());
    }

    /** The warm-up's command: the shared engine; its current folder and the lab's folders are all under {@code folder}. */
    static ResidentContext inFolder(Lab lab, Path folder) {
        return new ResidentContext(lab, folder, Optional.of(folder));
    }

    @Override
    public synchronized Lab lab() {
        return lab;
    }

    @Override
    public LabDirs dirs() {
        return labFolder.map(LabDirs::under).orElseGet(super::dirs);
    }

    @Override
    public Path currentDirectory() {
        return currentDirectory;
    }
}
