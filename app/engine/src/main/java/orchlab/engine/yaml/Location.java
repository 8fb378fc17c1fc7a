package orchlab.engine.yaml;

import java.nio.file.Path;

/**
 * A place in a file the learner or instructor wrote: {@code exercises/web/exercise.yaml:12:5}.
 * Line and column are 1-based; 0 means "unknown" (the whole file).
 */
public record Location(String file, int line, int column) {

    public static Location ofFile(String file) {
        return new Location(file, 0, 0);
    }

    public static Location ofFile(Path file) {
        return ofFile(file.toString().replace('\\', '/'));
    }

    public Location atLine(int newLine) {
        return new Location(file, newLine, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
