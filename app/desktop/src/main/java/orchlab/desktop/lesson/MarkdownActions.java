package orchlab.desktop.lesson;

import java.net.URI;
import java.nio.file.Path;

/** What a rendered lesson asks the rest of the app to do. Called on the JavaFX thread. */
public interface MarkdownActions {
    /**
     * Type commands into the lab's terminal and run them.
     *
     * @param commands the commands of one code block, separated by {@code \n} (a here-document keeps its body lines
     *                 after its command); no trailing newline: send each line followed by Enter
     */
    void runInTerminal(String commands);

    /** Open an {@code http}, {@code https} or {@code mailto} link outside the app (e.g. HostServices). */
    void openExternal(URI uri);

    /** Show another lesson of the course; {@code lessonFile} is absolute, normalised and inside the course. */
    void openLesson(Path lessonFile);

    /** A code block's text was put on the clipboard (e.g. to show a notification). */
    default void copied(String text) {
    }
}
