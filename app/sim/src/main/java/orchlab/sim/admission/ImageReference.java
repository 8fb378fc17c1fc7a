package orchlab.sim.admission;

import java.util.regex.Pattern;

/** Reads container image references: tag, digest, whether the reference can be pulled at all. */
public final class ImageReference {

    // name components: lowercase alphanumerics separated by . _ __ or -; optional registry host[:port]
    private static final Pattern REFERENCE = Pattern.compile(
            "^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    private ImageReference() {
    }

    /** Whether the reference is syntactically valid (the rules a container runtime applies before pulling). */
    public static boolean valid(String image) {
        return image != null && !image.isBlank() && REFERENCE.matcher(image).matches();
    }

    /** The tag, or null when the reference has none (a digest counts as pinned: see {@link #pinned}). */
    public static String tag(String image) {
        if (image == null) {
            return null;
        }
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : null;
    }

    public static boolean pinned(String image) {
        return tag(image) != null || (image != null && image.contains("@sha256:"));
    }

    /** The repository name without registry, tag or digest ({@code nginx}, {@code hashicorp/http-echo}). */
    public static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String tag = tag(name);
        if (tag != null) {
            name = name.substring(0, name.length() - tag.length() - 1);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                name = name.substring(slash + 1);
            }
        }
        if (name.startsWith("library/")) {
            name = name.substring("library/".length());
        }
        return name;
    }
}
