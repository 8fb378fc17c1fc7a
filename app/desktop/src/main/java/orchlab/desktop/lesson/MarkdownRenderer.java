package orchlab.desktop.lesson;

import java.nio.file.Path;
import javafx.scene.Node;

/** Turns lesson Markdown into nodes; images resolve against {@code baseDir} and stay inside {@code courseRoot}. */
@FunctionalInterface
public interface MarkdownRenderer {
    Node render(String markdown, Path baseDir, Path courseRoot);
}
