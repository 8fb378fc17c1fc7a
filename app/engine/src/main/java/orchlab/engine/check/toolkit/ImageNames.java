package orchlab.engine.check.toolkit;

import java.util.Locale;

/**
 * Container image references as a container runtime resolves them, so that a check written with
 * {@code nginx:1.27} accepts {@code docker.io/library/nginx:1.27} — the same image, pulled from the same place.
 *
 * <p>The normalisation follows the Docker reference grammar's {@code ParseNormalizedNamed}
 * (github.com/distribution/reference, {@code normalize.go}): a first path component without a {@code .} or
 * {@code :} that is not {@code localhost} is no registry, so the registry is {@code docker.io}
 * ({@code index.docker.io} is the same registry); an official image on Docker Hub is under {@code library/};
 * a reference with neither tag nor digest means the tag {@code latest}.
 */
public final class ImageNames {

    private ImageNames() {
    }

    /**
     * The fully qualified form: {@code nginx:1.27} → {@code docker.io/library/nginx:1.27},
     * {@code hashicorp/http-echo} → {@code docker.io/hashicorp/http-echo:latest},
     * {@code registry.example.com:5000/team/app:2} unchanged. Text that is no image reference is returned as is.
     */
    public static String normalized(String image) {
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            return image;
        }
        String name = image;
        String digest = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at);
            name = name.substring(0, at);
        }
        String tag = "";
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon);
            name = name.substring(0, colon);
        }
        String registry = "docker.io";
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.toLowerCase(Locale.ROOT).equals("index.docker.io") ? "docker.io" : first;
                name = name.substring(slash + 1);
            }
        }
        if (registry.equals("docker.io") && !name.contains("/")) {
            name = "library/" + name;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = ":latest";
        }
        return registry + "/" + name + tag + digest;
    }

    /** Whether two references name the same image: {@code nginx:1.27} and {@code docker.io/library/nginx:1.27}. */
    public static boolean same(String expected, String actual) {
        return expected.equals(actual) || normalized(expected).equals(normalized(actual));
    }
}
