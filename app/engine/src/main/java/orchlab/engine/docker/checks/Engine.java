package orchlab.engine.docker.checks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.docker.DockerJson;

/**
 * Engine reads for checks: "not found" is an answer (the learner has not made it yet); any other
 * failure means the engine cannot answer, which is a {@link CheckUnavailableException}, not a wrong answer.
 */
final class Engine {
    private Engine() {
    }

    static <T> T call(Supplier<T> read) throws CheckUnavailableException {
        try {
            return read.get();
        } catch (NotFoundException e) {
            throw e;
        } catch (DockerException e) {
            throw new CheckUnavailableException("Docker refused the request: " + oneLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new CheckUnavailableException("Docker does not answer — is it still running? (" + oneLine(root(e)) + ")", e);
        }
    }

    private static <T> Optional<T> find(Supplier<T> read) throws CheckUnavailableException {
        try {
            return Optional.of(call(read));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    static Optional<ObjectNode> image(DockerClient c, String name) throws CheckUnavailableException {
        return find(() -> DockerJson.normalized(c.inspectImageCmd(name).exec()));
    }

    static Optional<ObjectNode> container(DockerClient c, String name) throws CheckUnavailableException {
        return find(() -> DockerJson.normalized(c.inspectContainerCmd(name).exec()));
    }

    static Optional<ObjectNode> volume(DockerClient c, String name) throws CheckUnavailableException {
        return find(() -> DockerJson.tree(c.inspectVolumeCmd(name).exec()));
    }

    static Optional<ObjectNode> network(DockerClient c, String name) throws CheckUnavailableException {
        return find(() -> DockerJson.tree(c.inspectNetworkCmd().withNetworkId(name).exec()));
    }

    static com.fasterxml.jackson.databind.JsonNode history(DockerClient c, String name) throws CheckUnavailableException {
        try {
            return DockerJson.MAPPER.valueToTree(call(() -> c.imageHistoryCmd(name).exec()));
        } catch (NotFoundException e) {
            return DockerJson.MAPPER.createArrayNode();
        }
    }

    /** The names of the engine's networks, sorted. */
    static List<String> networkNames(DockerClient c) throws CheckUnavailableException {
        return call(() -> c.listNetworksCmd().exec()).stream().map(n -> n.getName()).sorted().toList();
    }

    /** The names of the engine's volumes, sorted. */
    static List<String> volumeNames(DockerClient c) throws CheckUnavailableException {
        var volumes = call(() -> c.listVolumesCmd().exec()).getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).sorted().toList();
    }

    static List<Container> containersLabelled(DockerClient c, String label) throws CheckUnavailableException {
        return call(() -> c.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec());
    }

    /** The last lines a container printed, to show why it stopped; empty when they cannot be read. */
    static List<String> lastLines(DockerClient c, String name, int count) {
        List<String> lines = new ArrayList<>();
        try {
            c.logContainerCmd(name).withStdOut(true).withStdErr(true).withTail(count)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            for (String l : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\r?\n")) {
                                if (!l.isBlank()) {
                                    synchronized (lines) {
                                        lines.add(l.strip());
                                    }
                                }
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return List.of();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * What a running container's own view of {@code /proc/net/tcp} and {@code /proc/net/tcp6} says (its network
     * namespace's sockets), read with {@code cat} inside it; empty when it cannot be read (no {@code cat} in the
     * image, the container stopped, the engine refused the exec). Reading it changes nothing in the container.
     */
    static Optional<String> procNetTcp(DockerClient c, String id) {
        BoundedOutput out = new BoundedOutput(PROC_NET_LIMIT);
        try (out) {
            String exec = c.execCreateCmd(id).withCmd("cat", "/proc/net/tcp", "/proc/net/tcp6")
                    .withAttachStdout(true).withAttachStderr(false).exec().getId();
            if (!c.execStartCmd(exec).exec(out).awaitCompletion(2, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
        return out.text();
    }

    /** At most this much of {@code /proc/net/tcp{,6}} is read (~150 bytes a socket: thousands of sockets). */
    static final int PROC_NET_LIMIT = 1 << 20;

    /**
     * An exec's standard output as text, up to {@code limit} characters: a container that writes more (an image whose
     * {@code cat} never stops) has its read abandoned and closed, so the check's memory stays bounded.
     */
    static final class BoundedOutput extends ResultCallback.Adapter<Frame> {
        private final int limit;
        private final StringBuilder text = new StringBuilder();
        private boolean overflowed;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public void onNext(Frame frame) {
            synchronized (text) {
                if (overflowed) {
                    return;
                }
                String part = new String(frame.getPayload(), StandardCharsets.UTF_8);
                if (text.length() + part.length() > limit) {
                    overflowed = true;
                    text.setLength(0);
                } else {
                    text.append(part);
                }
            }
            if (overflowed) {
                try {
                    close();
                } catch (java.io.IOException ignored) {
                    // the read is abandoned either way
                }
            }
        }

        /** What was read; empty when nothing was, or more than the limit. */
        Optional<String> text() {
            synchronized (text) {
                return overflowed || text.length() == 0 ? Optional.empty() : Optional.of(text.toString());
            }
        }
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        String m = message.replaceFirst("^Status \\d+: ", "");
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"(.*?)\"").matcher(m);
        if (json.find()) {
            m = json.group(1);
        }
        return m.replaceAll("\\s+", " ").trim();
    }
}
