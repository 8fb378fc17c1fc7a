package orchlab.desktop.lesson;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Where a link in a lesson leads, decided without JavaFX. */
public sealed interface LinkTarget {
    /** An {@code http}, {@code https} or {@code mailto} address, opened outside the app. */
    record External(URI uri) implements LinkTarget {
    }

    /** Another lesson's Markdown file inside the course. */
    record LessonFile(Path file) implements LinkTarget {
    }

    /** A heading of this page ({@code #anchor}, without the {@code #}). */
    record Anchor(String id) implements LinkTarget {
    }

    /** A link the lab does not follow; {@code reason} is a sentence for the learner. */
    record Inert(String reason) implements LinkTarget {
    }

    Set<String> EXTERNAL_SCHEMES = Set.of("http", "https", "mailto");

    /**
     * @param destination the link as written in the Markdown
     * @param baseDir     the folder of the Markdown file
     * @param courseRoot  the course folder; lesson links must stay inside it
     */
    static LinkTarget of(String destination, Path baseDir, Path courseRoot) {
        String dest = destination == null ? "" : destination.strip();
        if (dest.isEmpty()) {
            return new Inert("This link has no address.");
        }
        if (dest.startsWith("#")) {
            return new Anchor(dest.substring(1));
        }
        if (LessonPaths.hasScheme(dest)) {
            String scheme = dest.substring(0, dest.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!EXTERNAL_SCHEMES.contains(scheme)) {
                return new Inert("The lab does not open " + scheme + ": links.");
            }
            try {
                URI uri = new URI(dest);
                if (!"mailto".equals(scheme) && uri.getHost() == null) {
                    return new Inert("The address " + dest + " has no host.");
                }
                return new External(uri);
            } catch (URISyntaxException e) {
                return new Inert("The address " + dest + " is not a valid URL.");
            }
        }
        if (dest.startsWith("//")) {
            return new Inert("The address " + dest + " has no scheme (write https://...).");
        }
        String path = dest;
        int cut = path.indexOf('#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".md") || lower.endsWith(".markdown"))) {
            return new Inert("Only links to other lessons (.md files) open inside the lab: " + dest);
        }
        Optional<Path> file = LessonPaths.resolveInside(baseDir, courseRoot, dest);
        return file.<LinkTarget>map(LessonFile::new)
                .orElseGet(() -> new Inert("The lesson " + dest + " is outside this course."));
    }
}
