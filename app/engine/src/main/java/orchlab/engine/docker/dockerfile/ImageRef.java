package orchlab.engine.docker.dockerfile;

import java.util.Optional;

/**
 * An image reference as written after FROM: {@code registry:5000/team/app:1.2@sha256:...}.
 *
 * @param repository everything before the tag/digest ({@code registry:5000/team/app})
 * @param tag        the tag, if written
 * @param digest     the digest ({@code sha256:...}), if written
 */
public record ImageRef(String text, String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageRef parse(String text) {
        String rest = text;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new ImageRef(text, rest, tag, digest);
    }

    public boolean isScratch() {
        return text.equalsIgnoreCase("scratch");
    }

    /** Written with a variable ({@code ${BASE_IMAGE}}), so only known at build time. */
    public boolean hasVariable() {
        return text.contains("$");
    }

    /** The last path element of the repository ({@code python} for {@code docker.io/library/python}). */
    public String shortName() {
        int slash = repository.lastIndexOf('/');
        return slash < 0 ? repository : repository.substring(slash + 1);
    }
}
