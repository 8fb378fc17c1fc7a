package orchlab.sim.registry;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One repository of the simulated registry: its tags and what its default process does (see
 * {@code orchlab/sim/registry/images.yaml} for the meaning of each field).
 */
public record ImageInfo(String repository, List<Pattern> tags, List<String> entrypoint, List<String> cmd, boolean wrapper,
                        boolean interactive, Optional<RequiredEnv> requiresEnv, Optional<Exit> exits, List<Integer> ports,
                        Optional<String> portFlag, List<String> log, Optional<Http> http, Usage usage, String source) {

    /**
     * The simulated resource usage of a container of this image (see app/docs/sim.md, "Resource usage"): what it uses
     * idle, and the CPU time one HTTP request it answers costs.
     */
    public record Usage(long idleMilliCores, long idleMemoryBytes, double cpuSecondsPerRequest) {
        /** What an image says nothing about uses: 1m CPU, 4 MiB, 1 ms of CPU per request. */
        public static final Usage DEFAULT = new Usage(1, 4L << 20, 0.001);
    }

    /** The default process exits with {@code exitCode}, printing {@code log}, unless one of {@code anyOf} is set. */
    public record RequiredEnv(List<String> anyOf, int exitCode, List<String> log) {
    }

    /** The default process always exits at once. */
    public record Exit(int exitCode, List<String> log) {
    }

    /** What the default process answers over HTTP. */
    public record Http(List<Route> routes, Optional<Route> otherwise) {

        /** The route for a request path: an exact path, then {@code *}, then {@code otherwise}. */
        public Optional<Route> route(String path) {
            for (Route r : routes) {
                if (r.path().equals(path)) {
                    return Optional.of(r);
                }
            }
            for (Route r : routes) {
                if (r.path().equals("*")) {
                    return Optional.of(r);
                }
            }
            return otherwise;
        }
    }

    public record Route(String path, int status, String contentType, String body) {
    }

    public boolean hasTag(String tag) {
        return tags.stream().anyMatch(p -> p.matcher(tag).matches());
    }
}
