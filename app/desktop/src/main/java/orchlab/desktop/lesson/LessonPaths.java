package orchlab.desktop.lesson;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves the relative references of a lesson (images, links to other lessons) to files, never leaving the course.
 * Pure: no JavaFX.
 */
public final class LessonPaths {
    private LessonPaths() {
    }

    /**
     * The file {@code src} names, relative to {@code baseDir}, when it lies inside {@code courseRoot}.
     *
     * <p>Empty for: a blank reference, anything with a URI scheme ({@code http:}, {@code file:}, {@code javascript:},
     * {@code C:}), an absolute path ({@code /etc/passwd}, {@code //host/x}, {@code \x}), a path that climbs out of the
     * course with {@code ..}, or an existing file that is a symbolic link to somewhere outside the course. A
     * {@code ?query} or {@code #fragment} is dropped and {@code %20}-style escapes are decoded. The file need not exist.
     *
     * @param baseDir    the folder of the Markdown file the reference appears in
     * @param courseRoot the folder of the course (holds {@code lessons/} and {@code assets/})
     * @param src        the reference as written in the Markdown
     * @return the normalised absolute path, or empty when the reference is refused
     */
    public static Optional<Path> resolveInside(Path baseDir, Path courseRoot, String src) {
        if (baseDir == null || courseRoot == null || src == null) {
            return Optional.empty();
        }
        Optional<String> relative = relativePart(src.strip());
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        String path = relative.get();
        if (path.isEmpty() || path.startsWith("/") || path.startsWith("\\") || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path candidate;
        try {
            candidate = Path.of(path);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (candidate.isAbsolute() || candidate.getRoot() != null) {
            return Optional.empty();
        }
        Path root = courseRoot.toAbsolutePath().normalize();
        Path resolved = baseDir.toAbsolutePath().normalize().resolve(candidate).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            return Optional.empty();
        }
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(root.toRealPath())) {
                    return Optional.empty(); // a symbolic link out of the course
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(resolved);
    }

    /** The path part of a relative reference, decoded; empty when the reference has a scheme or an authority. */
    private static Optional<String> relativePart(String src) {
        if (src.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(src);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.isOpaque()) {
                return Optional.empty();
            }
            return Optional.ofNullable(uri.getPath());
        } catch (URISyntaxException e) {
            // not a valid URI (e.g. a raw space): take it as a plain path, without query and fragment
            if (hasScheme(src)) {
                return Optional.empty();
            }
            String path = src;
            int cut = indexOfAny(path, '?', '#');
            if (cut >= 0) {
                path = path.substring(0, cut);
            }
            return Optional.of(path);
        }
    }

    /** {@code scheme:} at the start: a letter followed by letters, digits, {@code + - .}, then a colon. */
    static boolean hasScheme(String src) {
        int colon = src.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        if (!Character.isLetter(src.charAt(0))) {
            return false;
        }
        for (int k = 1; k < colon; k++) {
            char c = src.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String s, char a, char b) {
        int x = s.indexOf(a);
        int y = s.indexOf(b);
        if (x < 0) {
            return y;
        }
        if (y < 0) {
            return x;
        }
        return Math.min(x, y);
    }
}
